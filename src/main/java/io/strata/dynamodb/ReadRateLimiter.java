package io.strata.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Keeps an export's average read rate at or below a number of capacity units per second, paying
 * each page's consumed capacity after the fact (Scan reports it only once the page is read).
 */
final class ReadRateLimiter {

    private final double unitsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    /** {@code unitsPerSecond} 0 means unlimited. */
    ReadRateLimiter(double unitsPerSecond) {
        this.unitsPerSecond = unitsPerSecond;
    }

    /** Consumed capacity is asked for only when it is paid for here; the service computes it for nothing otherwise. */
    ReturnConsumedCapacity capacityToReport() {
        return unitsPerSecond > 0 ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
    }

    void consumed(double units) throws InterruptedException {
        if (unitsPerSecond <= 0 || units <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(nextFreeNanos, now);
            nextFreeNanos = start + (long) (units / unitsPerSecond * 1e9);
            waitNanos = nextFreeNanos - now;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
