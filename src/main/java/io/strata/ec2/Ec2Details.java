package io.strata.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.vault.Json;
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
 */
public record Ec2Details(String instanceId, String configKey, Map<String, String> tags,
                         Map<String, Map<String, String>> snapshots, Map<String, String> images) {

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
