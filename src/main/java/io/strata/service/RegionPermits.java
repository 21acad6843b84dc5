package io.strata.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code perRegion} operations at once per destination region: AWS limits concurrent
 * snapshot copies per destination region (20 for RDS and EBS, 5 for Aurora).
 */
public final class RegionPermits {

    private final int perRegion;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    public RegionPermits(int perRegion) {
        this.perRegion = perRegion;
    }

    public <T> T run(String region, Supplier<T> work) {
        Semaphore semaphore = permits.computeIfAbsent(region, r -> new Semaphore(perRegion, true));
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a copy slot in " + region, e);
        }
        try {
            return work.get();
        } finally {
            semaphore.release();
        }
    }
}
