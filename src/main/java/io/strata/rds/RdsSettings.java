package io.strata.rds;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import io.strata.service.CopyToRegion;
import io.strata.service.RestoredTags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code strata.rds.*} settings and the RDS attributes of plans, read from the merged properties.
 *
 * @param pollInterval        how often a snapshot, copy, export or restore is polled
 * @param snapshotTimeout     how long a snapshot or a copy may take to become available
 * @param exportTimeout       how long an export to S3 may take
 * @param restoreTimeout      how long a restored instance or cluster may take to become available
 * @param snapshotQuota       manual snapshots AWS allows per region and kind (100 unless raised)
 * @param quotaMargin         snapshots kept free below the quota for people and other tools
 * @param maxConcurrentCopies copies in flight at once per destination region
 * @param throttleAttempts    attempts of a throttled control-plane call
 * @param throttleBase        the first backoff of a throttled call (doubles, with full jitter)
 */
public record RdsSettings(Duration pollInterval, Duration snapshotTimeout, Duration exportTimeout,
                          Duration restoreTimeout, int snapshotQuota, int quotaMargin, int maxConcurrentCopies,
                          int throttleAttempts, Duration throttleBase, Properties properties) {

    static final Setting POLL_INTERVAL = Setting.duration("strata.rds.poll-interval", "15s",
            "How often snapshots, copies, exports and restores are polled");
    static final Setting SNAPSHOT_TIMEOUT = Setting.duration("strata.rds.snapshot-timeout", "4h",
            "How long a snapshot or a copy may take to become available");
    static final Setting EXPORT_TIMEOUT = Setting.duration("strata.rds.export-timeout", "12h",
            "How long an export to S3 may take");
    static final Setting RESTORE_TIMEOUT = Setting.duration("strata.rds.restore-timeout", "4h",
            "How long a restored instance or cluster may take to become available");
    static final Setting SNAPSHOT_QUOTA = Setting.whole("strata.rds.snapshot-quota", 100, 1, 100_000,
            "Manual snapshots AWS allows per region and kind (100 unless raised)");
    static final Setting QUOTA_MARGIN = Setting.whole("strata.rds.snapshot-quota-margin", 5, 0, 100_000,
            "A backup is refused at quota minus this margin");
    static final Setting MAX_CONCURRENT_COPIES = Setting.whole("strata.rds.max-concurrent-copies", 5, 1, 100,
            "Snapshot copies in flight at once per destination region");
    static final Setting THROTTLE_ATTEMPTS = Setting.whole("strata.rds.throttle-attempts", 8, 1, 100,
            "Attempts of a throttled RDS call");
    static final Setting THROTTLE_BASE = Setting.duration("strata.rds.throttle-base", "200ms",
            "First backoff of a throttled RDS call (doubles, full jitter)");
    static final Setting COPY_KMS_KEY_ID = Setting.text("strata.rds.copy-kms-key-id.<region>", "",
            "KMS key of that region for copies of encrypted snapshots");
    static final Setting EXPORT_ROLE_ARN = Setting.text("strata.rds.export-role-arn", "",
            "IAM role StartExportTask writes to S3 as (plans with rds.export)");
    static final Setting EXPORT_KMS_KEY_ID = Setting.text("strata.rds.export-kms-key-id", "",
            "KMS key StartExportTask encrypts the exported data with");
    static final Setting EXPORT = Setting.planAttribute("rds.export", "false", SettingType.FLAG,
            "Export each new RDS snapshot of the plan to the vault as Parquet");

    /** What the RDS service reads, the plans' copy-to-region among them. */
    public static final List<Setting> SETTINGS = List.of(POLL_INTERVAL, SNAPSHOT_TIMEOUT, EXPORT_TIMEOUT,
            RESTORE_TIMEOUT, SNAPSHOT_QUOTA, QUOTA_MARGIN, MAX_CONCURRENT_COPIES, THROTTLE_ATTEMPTS, THROTTLE_BASE,
            COPY_KMS_KEY_ID, EXPORT_ROLE_ARN, EXPORT_KMS_KEY_ID, CopyToRegion.SETTING, EXPORT, RdsRestoreTest.OPT_IN);

    public static RdsSettings from(Properties p) {
        int quota = SNAPSHOT_QUOTA.integer(p);
        int margin = QUOTA_MARGIN.integer(p);
        if (margin >= quota) {
            throw new SettingsException(QUOTA_MARGIN.key() + " (" + margin + ") must be below " + SNAPSHOT_QUOTA.key()
                    + " (" + quota + ")");
        }
        return new RdsSettings(POLL_INTERVAL.duration(p), SNAPSHOT_TIMEOUT.duration(p), EXPORT_TIMEOUT.duration(p),
                RESTORE_TIMEOUT.duration(p), quota, margin, MAX_CONCURRENT_COPIES.integer(p),
                THROTTLE_ATTEMPTS.integer(p), THROTTLE_BASE.duration(p), p);
    }

    /** The tags plans select DB instances and clusters on ({@code rds:tag/KEY=VALUE}): a restore leaves them off. */
    public List<RestoredTags.Selected> planTags() {
        return RestoredTags.selectedBy(properties, RdsService.NAME);
    }

    /** {@code strata.plan.<plan>.copy-to-region}: the regions a plan copies its snapshots to. */
    public List<String> copyRegions(String plan, String home) {
        return CopyToRegion.regions(properties, plan, home);
    }

    /** Every region any plan copies to: where the archive pass looks for abandoned attempts' copies. */
    public Set<String> allCopyRegions() {
        Set<String> regions = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (CopyToRegion.SETTING.matches(key)) {
                regions.addAll(SettingValues.regions(properties, key));
            }
        }
        return regions;
    }

    /** {@code strata.plan.<plan>.rds.export}: export each new snapshot to the vault as Parquet. */
    public boolean export(String plan) {
        return plan != null && EXPORT.bool(properties, EXPORT.key(plan));
    }

    /** The KMS key an encrypted snapshot is re-encrypted with in {@code region}: a key is regional. */
    public String copyKmsKeyId(String region) {
        return required(COPY_KMS_KEY_ID.key(region),
                "an encrypted snapshot can only be copied to " + region + " with a KMS key of that region");
    }

    public String exportRoleArn() {
        return required(EXPORT_ROLE_ARN.key(), "StartExportTask writes to S3 as this IAM role");
    }

    public String exportKmsKeyId() {
        return required(EXPORT_KMS_KEY_ID.key(), "StartExportTask encrypts the exported data with this KMS key");
    }

    private String required(String key, String why) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new SettingsException(key + " is not set: " + why));
    }
}
