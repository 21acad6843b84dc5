package io.strata.retention;

import java.util.Optional;

/**
 * What the archive does with one plan's recovery points: how long they are kept, where they move
 * as they age, how they move, and the second vault they are copied to.
 *
 * @param retention        empty: every recovery point is kept
 * @param minObjectBytes   objects smaller than this stay where they are (per-object fees outweigh savings)
 * @param allowEarlyDelete expiry may cost an early-deletion fee (checked at start-up otherwise)
 */
public record ArchivePolicy(String plan, Optional<RetentionPolicy> retention, TierPolicy tiering, TieringMode mode,
                            long minObjectBytes, boolean allowEarlyDelete, Optional<VaultCopy> copyToVault) {

    public static final long DEFAULT_MIN_OBJECT_BYTES = 128 * 1024;

    /** How objects change storage class. */
    public enum TieringMode {
        /** Strata copies each object onto itself with the new class: works on any S3-compatible store. */
        COPY,
        /** Strata tags objects and keeps bucket lifecycle rules in line: S3 itself transitions and expires. */
        LIFECYCLE
    }

    /** {@code strata.plan.<name>.copy-to-vault=BUCKET[,region]}: the 3-2-1 second copy. */
    public record VaultCopy(String bucket, Optional<String> region) {
    }

    /** A plan without any archive setting: everything kept, nothing moved. */
    public static ArchivePolicy keepAll(String plan) {
        return new ArchivePolicy(plan, Optional.empty(), TierPolicy.none(), TieringMode.COPY, DEFAULT_MIN_OBJECT_BYTES,
                false, Optional.empty());
    }

    /** Whether the archive has anything to do for this plan. */
    public boolean isActive() {
        return retention.isPresent() || !tiering.isEmpty();
    }
}
