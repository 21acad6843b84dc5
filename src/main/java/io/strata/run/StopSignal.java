package io.strata.run;

import java.util.concurrent.CountDownLatch;

/**
 * Asked to stop (SIGTERM, Ctrl-C): long work checks it between pages and batches and fails
 * cleanly (nothing committed, uploads aborted) instead of being cut off mid-write.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);

    public void request() {
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Blocks until a stop is requested: the daemon's main thread. */
    public void await() throws InterruptedException {
        requested.await();
    }
}
