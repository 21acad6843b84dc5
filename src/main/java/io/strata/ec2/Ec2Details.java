package io.strata.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The EC2 section of {@code recovery-point.json}.
 *
 * @param configKey the vault key of {@code instance.json}
 * @param tags      the instance's tags when it was backed up (for tag selectors in list)
 * @param snapshots region → device name → snapshot id
 * @param images    region → AMI id (empty without {@code strata.ec2.create-image})
 * @param bootVolumeExcluded whether the root volume was left out ({@code strata.ec2.exclude-boot-volume}), so
 *                  verify knows which devices of instance.json need a snapshot; null in recovery points
 *                  made before it was recorded (then the root volume's snapshot is not required)
 */
public record Ec2Details(String instanceId, String configKey, Map<String, String> tags,
                         Map<String, Map<String, String>> snapshots, Map<String, String> images,
                         Boolean bootVolumeExcluded) {

    public Ec2Details {
        tags = tags == null ? Map.of() : new TreeMap<>(tags);
        snapshots = snapshots == null ? Map.of() : new TreeMap<>(snapshots);
        images = images == null ? Map.of() : new TreeMap<>(images);
    }

    public static Ec2Details of(RecoveryPoint point) {
        if (point.details() == null || point.details().isNull()) {
            throw new IllegalArgumentException("Recovery point " + point.key() + " has no EC2 section (details)");
        }
        return Json.MAPPER.convertValue(point.details(), Ec2Details.class);
    }

    /** The devices of {@code config} that must have a snapshot in every region of this recovery point. */
    public Set<String> devicesToSnapshot(InstanceConfig config) {
        return devicesToSnapshot(config, !Boolean.FALSE.equals(bootVolumeExcluded));
    }

    /** The devices of {@code config}, without its root device if {@code excludeBootVolume}. */
    static Set<String> devicesToSnapshot(InstanceConfig config, boolean excludeBootVolume) {
        Set<String> devices = new TreeSet<>();
        config.blockDevices().forEach(d -> devices.add(d.deviceName()));
        if (excludeBootVolume && config.rootDeviceName() != null) {
            devices.remove(config.rootDeviceName());
        }
        return devices;
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** Every region holding a snapshot or an image of this recovery point. */
    public Set<String> regions() {
        Set<String> regions = new TreeSet<>(snapshots.keySet());
        regions.addAll(images.keySet());
        return regions;
    }
}
