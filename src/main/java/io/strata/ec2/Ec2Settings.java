package io.strata.ec2;

import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import io.strata.plan.ResourceSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * @param selectedTags        the tags plans select instances on ({@code ec2:tag/KEY=VALUE} in a plan's resources):
 *                            a relaunched server does not carry them, or it would be backed up as a second copy
 */
public record Ec2Settings(boolean excludeBootVolume, boolean createImage, boolean reboot, int maxConcurrentCopies,
                          Duration pollInterval, Duration timeout, Duration retryBase, int attempts,
                          Map<String, String> copyKmsKeyIds, Map<String, List<String>> copyRegions,
                          List<SelectedTag> selectedTags) {

    public static final String PREFIX = "strata.ec2.";
    private static final String KMS_PREFIX = PREFIX + "copy-kms-key-id.";
    private static final Pattern COPY_TO = Pattern.compile("strata\\.plan\\.([^.]+)\\.copy-to-region");
    private static final Pattern RESOURCES = Pattern.compile("strata\\.plan\\.([^.]+)\\.resources");

    public static Ec2Settings from(Properties p) {
        Map<String, String> kms = new TreeMap<>();
        Map<String, List<String>> copies = new TreeMap<>();
        List<SelectedTag> selected = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith(KMS_PREFIX)) {
                kms.put(SettingValues.region(key, key.substring(KMS_PREFIX.length())), p.getProperty(key).trim());
            }
            var copy = COPY_TO.matcher(key);
            if (copy.matches()) {
                copies.put(copy.group(1), SettingValues.regions(p, key));
            }
            var resources = RESOURCES.matcher(key);
            if (resources.matches()) {
                selected.addAll(selectedTags(resources.group(1), p.getProperty(key)));
            }
        }
        return new Ec2Settings(SettingValues.bool(p, PREFIX + "exclude-boot-volume", false), SettingValues.bool(p, PREFIX + "create-image", false),
                SettingValues.bool(p, PREFIX + "reboot", false), SettingValues.integer(p, PREFIX + "max-concurrent-copies", 20, 1, 100),
                Duration.ofMillis(SettingValues.integer(p, PREFIX + "poll-interval-ms", 15_000, 1, 3_600_000)),
                Duration.ofMinutes(SettingValues.integer(p, PREFIX + "timeout-minutes", 240, 1, 7 * 24 * 60)),
                Duration.ofMillis(SettingValues.integer(p, PREFIX + "retry-base-ms", 500, 1, 60_000)),
                SettingValues.integer(p, PREFIX + "attempts", 2, 1, 10),
                Map.copyOf(kms), Map.copyOf(copies), List.copyOf(selected));
    }

    /**
     * A plan's EC2 tag selectors. Only their shape is read here: the plan catalog checks each selector
     * against its service's syntax and stops start-up on a bad one, naming it.
     */
    private static List<SelectedTag> selectedTags(String plan, String resources) {
        List<SelectedTag> tags = new ArrayList<>();
        for (String text : resources.split(",")) {
            if (text.isBlank()) {
                continue;
            }
            try {
                ResourceSelector selector = ResourceSelector.parse(text);
                if (selector.service().equals(Ec2Service.NAME) && selector.kind() == ResourceSelector.Kind.TAG) {
                    tags.add(new SelectedTag(plan, selector.tagKey(), selector.value()));
                }
            } catch (IllegalArgumentException e) {
                // not a selector: the plan catalog reports it
            }
        }
        return tags;
    }

    /** The regions a plan copies to; none for a backup outside a plan. */
    public List<String> copyRegionsOf(String plan) {
        return plan == null ? List.of() : copyRegions.getOrDefault(plan, List.of());
    }
}
