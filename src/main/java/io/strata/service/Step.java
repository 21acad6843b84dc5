package io.strata.service;

import java.util.function.Supplier;

/**
 * Names the step a failure happened in, so that a report reads {@code "CreateImage i-0abc in
 * us-east-1: InternalError: …"} and not just AWS's message. Wrap a call only where no caller
 * catches the SDK's modelled exceptions: the wrapped failure keeps the original as its cause.
 */
public final class Step {

    private Step() {
    }

    /** A failure in a named step; its cause is what AWS (or the code) threw. */
    public static final class Failed extends IllegalStateException {
        public Failed(String step, RuntimeException cause) {
            super(step + ": " + Failures.reason(cause), cause);
        }
    }

    public static <T> T run(String step, Supplier<T> work) {
        try {
            return work.get();
        } catch (Failed | Waiter.Stopped e) {
            throw e; // already named, or a stop: its own message says what was left waiting
        } catch (RuntimeException e) {
            throw new Failed(step, e);
        }
    }

    public static void run(String step, Runnable work) {
        run(step, () -> {
            work.run();
            return null;
        });
    }
}
