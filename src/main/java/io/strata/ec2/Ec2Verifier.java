package io.strata.ec2;

import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** Checks instance.json against its digests and every recorded snapshot and AMI in every region. */
final class Ec2Verifier {

    private final Function<Region, Ec2Client> clients;

    Ec2Verifier(Function<Region, Ec2Client> clients) {
        this.clients = clients;
    }

    VerificationReport verify(Vault vault, RecoveryPoint point) {
        Ec2Details details = Ec2Details.of(point);
        List<String> problems = new ArrayList<>();
        DataFile config = ConfigFile.recorded(point);
        try {
            problems.addAll(ConfigFile.mismatches(vault, config));
        } catch (RuntimeException e) {
            problems.add(config.key() + ": " + e.getMessage());
        }
        int checked = 0;
        for (var region : details.snapshots().entrySet()) {
            for (Map.Entry<String, String> device : region.getValue().entrySet()) {
                checked++;
                snapshotProblem(region.getKey(), device.getKey(), device.getValue()).ifPresent(problems::add);
            }
        }
        for (var image : details.images().entrySet()) {
            checked++;
            imageProblem(image.getKey(), image.getValue()).ifPresent(problems::add);
        }
        return new VerificationReport(point.key(), point.files().size() + checked, point.itemCount(), config.bytes(),
                problems);
    }

    private java.util.Optional<String> snapshotProblem(String region, String device, String snapshotId) {
        String what = "snapshot " + snapshotId + " (" + device + ") in " + region;
        try {
            List<Snapshot> found = clients.apply(Region.of(region)).describeSnapshots(r -> r.snapshotIds(snapshotId))
                    .snapshots();
            if (found.isEmpty()) {
                return java.util.Optional.of(what + " does not exist");
            }
            if (found.get(0).state() != SnapshotState.COMPLETED) {
                return java.util.Optional.of(what + " is " + found.get(0).stateAsString() + ", not completed");
            }
            return java.util.Optional.empty();
        } catch (Ec2Exception e) {
            return java.util.Optional.of(what + ": " + Ec2Errors.describe(e));
        }
    }

    private java.util.Optional<String> imageProblem(String region, String imageId) {
        String what = "AMI " + imageId + " in " + region;
        try {
            List<Image> found = clients.apply(Region.of(region)).describeImages(r -> r.imageIds(imageId)).images();
            if (found.isEmpty()) {
                return java.util.Optional.of(what + " does not exist");
            }
            if (found.get(0).state() != ImageState.AVAILABLE) {
                return java.util.Optional.of(what + " is " + found.get(0).stateAsString() + ", not available");
            }
            return java.util.Optional.empty();
        } catch (Ec2Exception e) {
            return java.util.Optional.of(what + ": " + Ec2Errors.describe(e));
        }
    }
}
