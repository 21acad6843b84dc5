package io.strata.rds;

import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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


    private static final Pattern COPY_TO = Pattern.compile("strata\\.plan\\.[^.]+\\.copy-to-region");

    public static RdsSettings from(Properties p) {
        int quota = SettingValues.integer(p, "strata.rds.snapshot-quota", 100, 1, 100_000);
        int margin = SettingValues.integer(p, "strata.rds.snapshot-quota-margin", 5, 0, 100_000);
        if (margin >= quota) {
            throw new SettingsException("strata.rds.snapshot-quota-margin (" + margin
                    + ") must be below strata.rds.snapshot-quota (" + quota + ")");
        }
        return new RdsSettings(
                SettingValues.duration(p, "strata.rds.poll-interval", "15s"),
                SettingValues.duration(p, "strata.rds.snapshot-timeout", "4h"),
                SettingValues.duration(p, "strata.rds.export-timeout", "12h"),
                SettingValues.duration(p, "strata.rds.restore-timeout", "4h"),
                quota, margin,
                SettingValues.integer(p, "strata.rds.max-concurrent-copies", 5, 1, 100),
                SettingValues.integer(p, "strata.rds.throttle-attempts", 8, 1, 100),
                SettingValues.duration(p, "strata.rds.throttle-base", "200ms"),
                p);
    }

    /** {@code strata.plan.<plan>.copy-to-region}: the regions a plan copies its snapshots to. */
    public List<String> copyRegions(String plan, String home) {
        if (plan == null) {
            return List.of();
        }
        String key = "strata.plan." + plan + ".copy-to-region";
        List<String> regions = SettingValues.regions(properties, key);
        for (String region : regions) {
            if (region.equals(home)) {
                throw new SettingsException(key + " names " + region + ", the region the snapshot is taken in");
            }
        }
        return regions;
    }

    /** Every region any plan copies to: where the archive pass looks for abandoned attempts' copies. */
    public Set<String> allCopyRegions() {
        Set<String> regions = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (COPY_TO.matcher(key).matches()) {
                regions.addAll(SettingValues.regions(properties, key));
            }
        }
        return regions;
    }

    /** {@code strata.plan.<plan>.rds.export}: export each new snapshot to the vault as Parquet. */
    public boolean export(String plan) {
        if (plan == null) {
            return false;
        }
        String key = "strata.plan." + plan + ".rds.export";
        String value = properties.getProperty(key, "false").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new SettingsException(key + " must be true or false, not '" + value + "'");
        }
        return value.equals("true");
    }

    /** The KMS key an encrypted snapshot is re-encrypted with in {@code region}: a key is regional. */
    public String copyKmsKeyId(String region) {
        return required("strata.rds.copy-kms-key-id." + region,
                "an encrypted snapshot can only be copied to " + region + " with a KMS key of that region");
    }

    public String exportRoleArn() {
        return required("strata.rds.export-role-arn", "StartExportTask writes to S3 as this IAM role");
    }

    public String exportKmsKeyId() {
        return required("strata.rds.export-kms-key-id", "StartExportTask encrypts the exported data with this KMS key");
    }

    private String required(String key, String why) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new SettingsException(key + " is not set: " + why));
    }
}
