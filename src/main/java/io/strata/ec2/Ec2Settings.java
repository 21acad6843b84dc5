package io.strata.ec2;

import io.strata.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code strata.ec2.*} settings and each plan's {@code copy-to-region}.
 *
 * @param excludeBootVolume   CreateSnapshots without the root volume
 * @param createImage         also an AMI per recovery point
 * @param reboot              let CreateImage reboot the instance (file-system consistent); off = NoReboot
 * @param maxConcurrentCopies copies in flight per destination region (AWS allows 20 snapshot copies)
 * @param pollInterval        between two Describe calls while waiting for a snapshot or an image
 * @param timeout             how long a snapshot, image or copy may take before the backup fails
 * @param retryBase           first backoff of a throttled call
 * @param attempts            attempts of one recovery point (a retry reuses what the first one made)
 * @param copyKmsKeyIds       the KMS key per destination region for encrypted copies
 * @param copyRegions         per plan, the regions its recovery points are copied to
 */
public record Ec2Settings(boolean excludeBootVolume, boolean createImage, boolean reboot, int maxConcurrentCopies,
                          Duration pollInterval, Duration timeout, Duration retryBase, int attempts,
                          Map<String, String> copyKmsKeyIds, Map<String, List<String>> copyRegions) {

    public static final String PREFIX = "strata.ec2.";
    private static final String KMS_PREFIX = PREFIX + "copy-kms-key-id.";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern COPY_TO = Pattern.compile("strata\\.plan\\.([^.]+)\\.copy-to-region");

    public static Ec2Settings from(Properties p) {
        Map<String, String> kms = new TreeMap<>();
        Map<String, List<String>> copies = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(KMS_PREFIX)) {
                kms.put(region(key, key.substring(KMS_PREFIX.length())), p.getProperty(key).trim());
            }
            var copy = COPY_TO.matcher(key);
            if (copy.matches()) {
                List<String> regions = new ArrayList<>();
                for (String region : p.getProperty(key).split(",")) {
                    if (!region.isBlank()) {
                        regions.add(region(key, region.trim()));
                    }
                }
                copies.put(copy.group(1), List.copyOf(regions));
            }
        }
        return new Ec2Settings(bool(p, "exclude-boot-volume", false), bool(p, "create-image", false),
                bool(p, "reboot", false), integer(p, "max-concurrent-copies", 20, 1, 100),
                Duration.ofMillis(integer(p, "poll-interval-ms", 15_000, 1, 3_600_000)),
                Duration.ofMinutes(integer(p, "timeout-minutes", 240, 1, 7 * 24 * 60)),
                Duration.ofMillis(integer(p, "retry-base-ms", 500, 1, 60_000)),
                integer(p, "attempts", 2, 1, 10),
                Map.copyOf(kms), Map.copyOf(copies));
    }

    /** The regions a plan copies to; none for a backup outside a plan. */
    public List<String> copyRegionsOf(String plan) {
        return plan == null ? List.of() : copyRegions.getOrDefault(plan, List.of());
    }

    private static String region(String key, String value) {
        if (!REGION.matcher(value).matches()) {
            throw new SettingsException(key + " must name AWS regions such as eu-west-1, not '" + value + "'");
        }
        return value;
    }

    private static boolean bool(Properties p, String name, boolean defaultValue) {
        String key = PREFIX + name;
        String value = p.getProperty(key, String.valueOf(defaultValue)).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new SettingsException(key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int integer(Properties p, String name, int defaultValue, int min, int max) {
        String key = PREFIX + name;
        String value = p.getProperty(key, String.valueOf(defaultValue)).trim();
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a whole number, not '" + value + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(key + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }
}
