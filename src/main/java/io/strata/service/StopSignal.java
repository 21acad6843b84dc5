package io.strata.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asked to stop (SIGTERM, Ctrl-C): long work checks it between pages and batches and fails
 * cleanly (nothing committed, uploads aborted) instead of being cut off mid-write.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Runnable> first = new CopyOnWriteArrayList<>();

    /**
     * Runs {@code action} when a stop is requested, before any work sees the request: a daemon stops taking new
     * work (its schedule) first, so that nothing starts only to fail at once.
     */
    public void beforeStop(Runnable action) {
        first.add(action);
    }

    public void request() {
        if (requested()) {
            return;
        }
        for (Runnable action : first) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // stopping goes on whatever a preparation step did: the work below must still be told
            }
        }
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout} for a stop (a poll's pause that a stop ends at once); true when one was requested. */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocks until a stop is requested: the daemon's main thread. */
    public void await() throws InterruptedException {
        requested.await();
    }
}
