package io.strata.ec2;

import io.strata.vault.RecoveryPoint;
import java.util.Map;
import java.util.Optional;

/**
 * What an EC2 backup made, for its outcome line: the snapshot ids and the GiB allocated to the volumes
 * they are of, the AMI, in the recovery point's region, then the copies in each other region.
 */
final class Ec2Made {

    private Ec2Made() {
    }

    /** @param config instance.json, for the volume sizes (empty: the sizes are left out) */
    static String describe(RecoveryPoint point, Optional<InstanceConfig> config) {
        Ec2Details details = Ec2Details.of(point);
        String home = point.region();
        Map<String, String> snapshots = details.snapshots().getOrDefault(home, Map.of());
        StringBuilder text = new StringBuilder(snapshots(snapshots));
        if (!snapshots.isEmpty()) {
            text.append(" of ").append(snapshots.size()).append(snapshots.size() == 1 ? " volume" : " volumes");
            config.flatMap(c -> allocatedGiB(c, snapshots)).ifPresent(gib -> text.append(" (").append(gib)
                    .append(" GiB allocated)"));
        }
        image(details, home, text);
        text.append(" in ").append(home);
        for (String region : details.regions()) {
            if (!region.equals(home)) {
                text.append("; copied to ").append(region).append(": ")
                        .append(snapshots(details.snapshots().getOrDefault(region, Map.of())));
                image(details, region, text);
            }
        }
        return text.toString();
    }

    private static String snapshots(Map<String, String> byDevice) {
        return byDevice.isEmpty() ? "no snapshot" : "snapshots " + String.join(", ", byDevice.values());
    }

    private static void image(Ec2Details details, String region, StringBuilder text) {
        String image = details.images().get(region);
        if (image != null) {
            text.append(", AMI ").append(image);
        }
    }

    /** The size of every snapshotted volume, as instance.json records it; empty if one is unknown. */
    private static Optional<Long> allocatedGiB(InstanceConfig config, Map<String, String> snapshots) {
        long total = 0;
        for (String device : snapshots.keySet()) {
            Integer size;
            try {
                size = config.device(device).sizeGiB();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (size == null) {
                return Optional.empty();
            }
            total += size;
        }
        return Optional.of(total);
    }
}
