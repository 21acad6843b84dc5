package io.strata.rds;

import io.strata.config.SettingsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
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

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public static RdsSettings from(Properties p) {
        int quota = integer(p, "strata.rds.snapshot-quota", 100, 1, 100_000);
        int margin = integer(p, "strata.rds.snapshot-quota-margin", 5, 0, 100_000);
        if (margin >= quota) {
            throw new SettingsException("strata.rds.snapshot-quota-margin (" + margin
                    + ") must be below strata.rds.snapshot-quota (" + quota + ")");
        }
        return new RdsSettings(
                duration(p, "strata.rds.poll-interval", "15s"),
                duration(p, "strata.rds.snapshot-timeout", "4h"),
                duration(p, "strata.rds.export-timeout", "12h"),
                duration(p, "strata.rds.restore-timeout", "4h"),
                quota, margin,
                integer(p, "strata.rds.max-concurrent-copies", 5, 1, 100),
                integer(p, "strata.rds.throttle-attempts", 8, 1, 100),
                duration(p, "strata.rds.throttle-base", "200ms"),
                p);
    }

    /** {@code strata.plan.<plan>.copy-to-region}: the regions a plan copies its snapshots to. */
    public List<String> copyRegions(String plan, String home) {
        if (plan == null) {
            return List.of();
        }
        String key = "strata.plan." + plan + ".copy-to-region";
        String value = properties.getProperty(key, "").trim();
        List<String> regions = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new SettingsException(key + " must list AWS regions such as us-west-2, not '" + region + "'");
            }
            if (region.equals(home)) {
                throw new SettingsException(key + " names " + region + ", the region the snapshot is taken in");
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

    static Duration duration(Properties p, String key, String defaultValue) {
        String value = p.getProperty(key, defaultValue).trim();
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        try {
            Duration parsed;
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                parsed = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                parsed = Duration.parse(value);
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new SettingsException(key + " must be positive, not '" + value + "'");
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new SettingsException(key + " must be a duration such as 500ms, 15s, 30m, 4h or PT15S, not '"
                    + value + "'", e);
        }
    }

    private static int integer(Properties p, String key, int defaultValue, int min, int max) {
        String value = p.getProperty(key, String.valueOf(defaultValue)).trim();
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new SettingsException(key + " must be between " + min + " and " + max + ", not " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a whole number, not '" + value + "'", e);
        }
    }
}
