package io.strata.ec2;

import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Checks instance.json against its digests; that every region holds a snapshot of each device
 * instance.json lists (but an excluded boot volume); and that every recorded snapshot and AMI exists,
 * is done and is this recovery point's own: tagged with its key and, in the home region, of the volume
 * instance.json records for that device (a copy elsewhere: copied from the home region's snapshot).
 */
final class Ec2Verifier {

    private final Function<Region, Ec2Client> clients;

    Ec2Verifier(Function<Region, Ec2Client> clients) {
        this.clients = clients;
    }

    VerificationReport verify(Vault vault, RecoveryPoint point) {
        Ec2Details details = Ec2Details.of(point);
        List<String> problems = new ArrayList<>();
        DataFile configFile = ConfigFile.recorded(point);
        try {
            problems.addAll(ConfigFile.mismatches(vault, configFile));
        } catch (RuntimeException e) {
            problems.add(configFile.key() + ": " + e.getMessage());
        }
        InstanceConfig config = null;
        if (problems.isEmpty()) {
            try {
                config = ConfigFile.read(vault, point);
            } catch (RuntimeException e) {
                problems.add(configFile.key() + ": " + e.getMessage());
            }
        }
        if (config != null) {
            problems.addAll(coverage(point, details, config));
        }
        Map<String, String> home = details.snapshots().getOrDefault(point.region(), Map.of());
        List<String> checked = new ArrayList<>();
        for (var region : details.snapshots().entrySet()) {
            for (Map.Entry<String, String> device : region.getValue().entrySet()) {
                checked.add("snapshot " + device.getValue() + " (" + device.getKey() + ") in " + region.getKey());
                snapshotProblem(point, config, home, region.getKey(), device.getKey(), device.getValue())
                        .ifPresent(problems::add);
            }
        }
        for (var image : details.images().entrySet()) {
            checked.add("AMI " + image.getValue() + " in " + image.getKey());
            imageProblem(point.key(), image.getKey(), image.getValue()).ifPresent(problems::add);
        }
        return new VerificationReport(point.key(), point.files().size(), point.itemCount(), configFile.bytes(), problems)
                .checking(checked);
    }

    /** Each region (the home one at least) against the devices of instance.json. */
    private static List<String> coverage(RecoveryPoint point, Ec2Details details, InstanceConfig config) {
        List<String> problems = new ArrayList<>();
        Set<String> required = details.devicesToSnapshot(config);
        Set<String> listed = new TreeSet<>();
        config.blockDevices().forEach(d -> listed.add(d.deviceName()));
        Set<String> regions = new TreeSet<>(details.regions());
        regions.add(point.region());
        for (String region : regions) {
            Map<String, String> recorded = details.snapshots().getOrDefault(region, Map.of());
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(recorded.keySet());
            missing.forEach(device -> problems.add("device " + device + " of " + Ec2Backup.CONFIG_FILE
                    + " has no snapshot in " + region));
            recorded.forEach((device, id) -> {
                if (!listed.contains(device)) {
                    problems.add("snapshot " + id + " (" + device + ") in " + region + " is of a device "
                            + Ec2Backup.CONFIG_FILE + " does not list");
                } else if (Boolean.TRUE.equals(details.bootVolumeExcluded()) && config.isRoot(device)) {
                    problems.add("snapshot " + id + " (" + device + ") in " + region
                            + " is of the boot volume, which this recovery point excludes");
                }
            });
        }
        return problems;
    }

    private Optional<String> snapshotProblem(RecoveryPoint point, InstanceConfig config, Map<String, String> home,
                                             String region, String device, String snapshotId) {
        String what = "snapshot " + snapshotId + " (" + device + ") in " + region;
        try {
            List<Snapshot> found = clients.apply(Region.of(region)).describeSnapshots(r -> r.snapshotIds(snapshotId))
                    .snapshots();
            if (found.isEmpty()) {
                return Optional.of(what + " does not exist");
            }
            Snapshot snapshot = found.get(0);
            List<String> wrong = new ArrayList<>();
            if (snapshot.state() != SnapshotState.COMPLETED) {
                wrong.add("is " + snapshot.stateAsString() + ", not completed");
            }
            tagProblem(snapshot.tags(), Tags.RECOVERY_POINT, point.key()).ifPresent(wrong::add);
            if (region.equals(point.region())) {
                String volume = config == null ? null : config.blockDevices().stream()
                        .filter(d -> d.deviceName().equals(device)).map(InstanceConfig.BlockDevice::volumeId)
                        .findFirst().orElse(null);
                if (volume != null && !volume.equals(snapshot.volumeId())) {
                    wrong.add("is of volume " + snapshot.volumeId() + ", not " + volume + " which "
                            + Ec2Backup.CONFIG_FILE + " records for " + device);
                }
            } else if (home.containsKey(device)) {
                tagProblem(snapshot.tags(), Tags.SOURCE, home.get(device)).ifPresent(wrong::add);
            }
            return wrong.isEmpty() ? Optional.empty() : Optional.of(what + " " + String.join(", ", wrong));
        } catch (Ec2Exception e) {
            return Optional.of(what + ": " + Ec2Errors.describe(e));
        }
    }

    private Optional<String> imageProblem(String key, String region, String imageId) {
        String what = "AMI " + imageId + " in " + region;
        try {
            List<Image> found = clients.apply(Region.of(region)).describeImages(r -> r.imageIds(imageId)).images();
            if (found.isEmpty()) {
                return Optional.of(what + " does not exist");
            }
            List<String> wrong = new ArrayList<>();
            if (found.get(0).state() != ImageState.AVAILABLE) {
                wrong.add("is " + found.get(0).stateAsString() + ", not available");
            }
            tagProblem(found.get(0).tags(), Tags.RECOVERY_POINT, key).ifPresent(wrong::add);
            return wrong.isEmpty() ? Optional.empty() : Optional.of(what + " " + String.join(", ", wrong));
        } catch (Ec2Exception e) {
            return Optional.of(what + ": " + Ec2Errors.describe(e));
        }
    }

    private static Optional<String> tagProblem(List<Tag> tags, String name, String expected) {
        String actual = Tags.of(tags).get(name);
        return expected.equals(actual) ? Optional.empty()
                : Optional.of("is tagged " + name + "=" + (actual == null ? "(none)" : actual) + ", not " + expected);
    }
}
