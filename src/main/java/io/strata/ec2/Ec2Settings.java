package io.strata.ec2;

import io.strata.config.Setting;
import io.strata.config.SettingValues;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.service.CopyToRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

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

    static final Setting EXCLUDE_BOOT_VOLUME = Setting.flag(PREFIX + "exclude-boot-volume", false,
            "Snapshot every attached volume but the root one");
    static final Setting CREATE_IMAGE = Setting.flag(PREFIX + "create-image", false, "Also an AMI per recovery point");
    static final Setting REBOOT = Setting.flag(PREFIX + "reboot", false,
            "Let CreateImage reboot the instance (file-system consistent)");
    static final Setting MAX_CONCURRENT_COPIES = Setting.whole(PREFIX + "max-concurrent-copies", 20, 1, 100,
            "Copies in flight per destination region (AWS allows 20)");
    static final Setting POLL_INTERVAL = Setting.whole(PREFIX + "poll-interval-ms", 15_000, 1, 3_600_000,
            "Milliseconds between Describe calls while snapshots, AMIs and copies complete");
    static final Setting TIMEOUT = Setting.whole(PREFIX + "timeout-minutes", 240, 1, 7 * 24 * 60,
            "How long a snapshot, image or copy may take, in minutes");
    static final Setting RETRY_BASE = Setting.whole(PREFIX + "retry-base-ms", 500, 1, 60_000,
            "First backoff of a throttled EC2 call, in milliseconds");
    static final Setting ATTEMPTS = Setting.whole(PREFIX + "attempts", 2, 1, 10,
            "Attempts per recovery point (a retry reuses the snapshots and AMI made)");
    static final Setting COPY_KMS_KEY_ID = Setting.text(PREFIX + "copy-kms-key-id.<region>", "",
            "KMS key for encrypted copies to that region; empty: its default EBS key");

    /** What the EC2 service reads, the plans' copy-to-region among them. */
    public static final List<Setting> SETTINGS = List.of(EXCLUDE_BOOT_VOLUME, CREATE_IMAGE, REBOOT, MAX_CONCURRENT_COPIES,
            POLL_INTERVAL, TIMEOUT, RETRY_BASE, ATTEMPTS, COPY_KMS_KEY_ID, CopyToRegion.SETTING);

    public static Ec2Settings from(Properties p) {
        Map<String, String> kms = new TreeMap<>();
        Map<String, List<String>> copies = new TreeMap<>();
        List<SelectedTag> selected = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (COPY_KMS_KEY_ID.matches(key)) {
                kms.put(SettingValues.region(key, COPY_KMS_KEY_ID.placeholderIn(key)), p.getProperty(key).trim());
            }
            if (CopyToRegion.SETTING.matches(key)) {
                copies.put(CopyToRegion.SETTING.placeholderIn(key), SettingValues.regions(p, key));
            }
            if (PlanCatalog.RESOURCES.matches(key)) {
                selected.addAll(selectedTags(PlanCatalog.RESOURCES.placeholderIn(key), p.getProperty(key)));
            }
        }
        return new Ec2Settings(EXCLUDE_BOOT_VOLUME.bool(p), CREATE_IMAGE.bool(p), REBOOT.bool(p),
                MAX_CONCURRENT_COPIES.integer(p), Duration.ofMillis(POLL_INTERVAL.integer(p)),
                Duration.ofMinutes(TIMEOUT.integer(p)), Duration.ofMillis(RETRY_BASE.integer(p)), ATTEMPTS.integer(p),
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
