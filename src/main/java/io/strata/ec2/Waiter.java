package io.strata.ec2;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls a Describe call until what it describes is done, logging progress; fails after the timeout. */
final class Waiter {

    private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);

    private final Duration interval;
    private final Duration timeout;

    Waiter(Duration interval, Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
    }

    <T> T until(String what, Supplier<T> poll, Predicate<T> done, Function<T, String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            T state = poll.get();
            if (done.test(state)) {
                return state;
            }
            String now = progress.apply(state);
            if (!now.equals(last)) {
                LOG.info("Waiting for {}: {}", what, now);
                last = now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what + " (" + now
                        + "); raise strata.ec2.timeout-minutes if this is expected");
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }
}
