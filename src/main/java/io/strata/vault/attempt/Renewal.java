package io.strata.vault.attempt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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

    /**
     * The client a renewal writes through was closed (its process is ending, or a test ended without
     * ending the lease): no later renewal can succeed, and saying so on every tick only buries real
     * warnings.
     */
    static boolean clientClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof RejectedExecutionException || message.contains("rejected from")
                    || message.contains("Connection pool shut down")) {
                return true;
            }
        }
        return false;
    }
}
