package io.strata.service;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a control-plane resource (snapshot, image, instance, export task, archived objects being
 * restored) until it is ready: logs each change of status, fails with the AWS status when it breaks,
 * names the setting to raise when it outlasts its timeout, and stops between polls when asked to.
 */
public final class Waiter {

    private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);

    private final Duration interval;
    private final Pause pause;

    public Waiter(Duration interval) {
        this(interval, wait -> {
            Thread.sleep(wait.toMillis());
            return false;
        });
    }

    /** A waiter whose {@code pause} between polls returns true when a stop is asked for (e.g. {@code StopSignal::await}). */
    public Waiter(Duration interval, Pause pause) {
        this.interval = interval;
        this.pause = pause;
    }

    /** Waits up to {@code wait}; true when asked to stop instead. */
    @FunctionalInterface
    public interface Pause {
        boolean stopRequested(Duration wait) throws InterruptedException;
    }

    /** A wait given up because a stop was asked for (SIGTERM, Ctrl-C): the resource is left as it is. */
    public static final class Stopped extends IllegalStateException {
        public Stopped(String message) {
            super(message);
        }
    }

    /**
     * @param what       e.g. "snapshot strata-instance-db-... of instance/db in us-east-1"
     * @param status     the status to log and report, e.g. "creating 40%"
     * @param timeoutKey the setting that holds {@code timeout}, named when it is exceeded
     */
    public <T> T until(String what, Duration timeout, String timeoutKey, Supplier<T> poll, Function<T, String> status,
                Predicate<T> ready, Predicate<T> broken) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            T current = poll.get();
            String now = status.apply(current);
            if (!now.equals(last)) {
                LOG.info("{}: {}", what, now);
                last = now;
            }
            if (ready.test(current)) {
                return current;
            }
            if (broken.test(current)) {
                throw new IllegalStateException(what + " is '" + now + "' (AWS status): it will not become available");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " is still '" + now + "' after " + timeout + " (" + timeoutKey
                        + "); it is left as it is");
            }
            try {
                if (pause.stopRequested(interval)) {
                    throw new Stopped("stopped while waiting for " + what + " ('" + now + "')");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** This waiter with one timeout for every wait, set by {@code timeoutKey}. */
    public Bounded bounded(Duration timeout, String timeoutKey) {
        return new Bounded(timeout, timeoutKey);
    }

    /** Waits that share one timeout and have no failed state of their own. */
    public final class Bounded {
        private final Duration timeout;
        private final String timeoutKey;

        private Bounded(Duration timeout, String timeoutKey) {
            this.timeout = timeout;
            this.timeoutKey = timeoutKey;
        }

        public <T> T until(String what, Supplier<T> poll, Predicate<T> done, Function<T, String> progress) {
            return Waiter.this.until(what, timeout, timeoutKey, poll, progress, done, state -> false);
        }
    }
}
