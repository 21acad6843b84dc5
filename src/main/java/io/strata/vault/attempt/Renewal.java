package io.strata.vault.attempt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a lease-like vault object on a daemon thread until stopped. Shared by the attempt lease and
 * the restore claim so both stop the same careful way: no interrupt first, because a renewal cut off
 * mid-request may be stored with its response lost, leaving a version its owner never heard of.
 */
final class Renewal {

    private final ScheduledExecutorService timer;

    private Renewal(String threadName) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code renew} every {@code every}, first after one period, on a thread named after {@code key}'s tail. */
    static Renewal every(Duration every, String threadPrefix, String key, Runnable renew) {
        Renewal renewal = new Renewal(threadPrefix + key.substring(Math.max(0, key.length() - 50)));
        long millis = every.toMillis();
        renewal.timer.scheduleWithFixedDelay(renew, millis, millis, TimeUnit.MILLISECONDS);
        return renewal;
    }

    /** Lets a renewal in flight finish (up to 10 s), then stops; keeps the caller's interrupt status. */
    void stop() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
