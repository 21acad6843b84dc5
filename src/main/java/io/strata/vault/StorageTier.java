package io.strata.vault;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a recovery point's data can sit, warmest first: the S3 storage classes Strata tiers into,
 * and {@code ARCHIVE}, the EBS snapshot archive tier (EC2 recovery points only). Minimum storage
 * durations and prices are AWS's us-east-1 list prices (per GB-month), used for the archive's
 * estimates and for refusing a retention that would pay early-deletion fees.
 */
public enum StorageTier {

    STANDARD(0, 0.023, false),
    STANDARD_IA(30, 0.0125, false),
    GLACIER_IR(90, 0.004, false),
    GLACIER(90, 0.0036, true),
    DEEP_ARCHIVE(180, 0.00099, true),
    /** EBS Snapshots Archive: 90 days minimum; a snapshot there is restored before use. */
    ARCHIVE(90, 0.0125, true);

    private final int minimumDays;
    private final double pricePerGbMonth;
    private final boolean needsRestore;

    StorageTier(int minimumDays, double pricePerGbMonth, boolean needsRestore) {
        this.minimumDays = minimumDays;
        this.pricePerGbMonth = pricePerGbMonth;
        this.needsRestore = needsRestore;
    }

    /** Days AWS bills at least once an object (snapshot) enters this tier. */
    public int minimumDays() {
        return minimumDays;
    }

    public double pricePerGbMonth() {
        return pricePerGbMonth;
    }

    /** GLACIER and DEEP_ARCHIVE objects (and archived snapshots) cannot be read before a restore. */
    public boolean needsRestore() {
        return needsRestore;
    }

    /** The EBS snapshot archive tier, which applies to EC2 snapshots and never to S3 objects. */
    public boolean snapshotsOnly() {
        return this == ARCHIVE;
    }

    /** Monthly cost of {@code bytes} in this tier (GB = 2^30 bytes, as AWS bills). */
    public double monthlyCost(long bytes) {
        return bytes / (1024.0 * 1024 * 1024) * pricePerGbMonth;
    }

    /** The tier a configuration names (case-insensitive), or an error listing the known ones. */
    public static StorageTier parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown storage class '" + text.trim() + "' (known: "
                        + String.join(", ", Arrays.stream(values()).map(Enum::name).toList()) + ")"));
    }

    /**
     * The tier of an S3 object as ListObjectsV2 or HeadObject reports it: absent means STANDARD
     * (HeadObject omits the header for STANDARD); a class Strata does not tier into (INTELLIGENT_TIERING,
     * ONEZONE_IA, ...) counts as STANDARD for tiering and pricing.
     */
    public static StorageTier ofS3(String storageClass) {
        if (storageClass == null || storageClass.isBlank()) {
            return STANDARD;
        }
        return Arrays.stream(values()).filter(t -> !t.snapshotsOnly() && t.name().equals(storageClass))
                .findFirst().orElse(STANDARD);
    }
}
