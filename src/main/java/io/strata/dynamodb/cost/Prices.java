package io.strata.dynamodb.cost;

import io.strata.vault.StorageTier;

/**
 * The AWS list prices (US East, N. Virginia; USD) the cost estimates use, in one place with where they
 * come from. S3 storage per GB-month is {@link StorageTier}'s, which the archive's estimates use too.
 * Prices change: check the pages in {@link #SOURCE} and update this class (and the README's worked
 * example, which a test compares with what this code prints).
 */
public final class Prices {

    /** Where the numbers below are listed. */
    public static final String SOURCE = "aws.amazon.com/dynamodb/pricing/on-demand, aws.amazon.com/s3/pricing, "
            + "aws.amazon.com/backup/pricing";
    /** When they were recorded here (on-demand request prices as lowered by AWS in November 2024). */
    public static final String RECORDED = "2026-12-07";

    /** On-demand read request units, per million; one unit reads 4 KB strongly, 8 KB eventually consistent. */
    public static final double READ_REQUEST_UNITS_PER_MILLION = 0.125;
    /** On-demand write request units, per million; one unit writes 1 KB of one item. */
    public static final double WRITE_REQUEST_UNITS_PER_MILLION = 0.625;
    /** Export to S3, full export: per GB of table exported. */
    public static final double FULL_EXPORT_PER_GB = 0.10;
    /** Export to S3, incremental export: per GB of changed data processed. */
    public static final double INCREMENTAL_EXPORT_PER_GB = 0.10;
    /** The least an incremental export is charged for, in MB, however little changed. */
    public static final double INCREMENTAL_EXPORT_MINIMUM_MB = 10;
    /** Continuous backups (PITR): per GB-month of table size, while it is on. */
    public static final double PITR_PER_GB_MONTH = 0.20;
    /** On-demand backups, in DynamoDB or AWS Backup (warm storage): per GB-month of each backup. */
    public static final double BACKUP_WARM_PER_GB_MONTH = 0.10;
    /** Restore from a backup or to a point in time: per GB restored. */
    public static final double RESTORE_PER_GB = 0.15;
    /** Import from S3: per GB of uncompressed source data. */
    public static final double IMPORT_PER_GB = 0.15;

    private Prices() {
    }
}
