package io.strata.ec2;

import io.strata.vault.RecoveryPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.StorageTier;
import software.amazon.awssdk.services.ec2.model.TargetStorageTier;

/**
 * The archive's {@code ARCHIVE} step for EC2 recovery points: ModifySnapshotTier moves each completed
 * snapshot the recovery point made to the EBS Snapshots Archive tier (75% cheaper, 90 days minimum,
 * restored before use: {@link SnapshotTier}). Snapshots behind the recovery point's AMI stay in the
 * standard tier, so the AMI still launches without a restore of hours.
 */
final class Ec2Archive {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Archive.class);

    private final PointMade made;

    Ec2Archive(PointMade made) {
        this.made = made;
    }

    /** Whether any snapshot of the recovery point can still move to the archive tier. */
    boolean anyToArchive(RecoveryPoint point) {
        return Ec2Details.of(point).regions().stream().anyMatch(region -> !archivable(point.key(), region).isEmpty());
    }

    void archive(RecoveryPoint point) {
        for (String region : Ec2Details.of(point).regions()) {
            Ec2Client ec2 = made.ec2(region);
            for (Snapshot snapshot : archivable(point.key(), region)) {
                made.throttled().call(() -> ec2.modifySnapshotTier(r -> r.snapshotId(snapshot.snapshotId())
                        .storageTier(TargetStorageTier.ARCHIVE)));
                LOG.info("Archiving snapshot {} of {} in {}", snapshot.snapshotId(), point.key(), region);
            }
        }
    }

    private List<Snapshot> archivable(String key, String region) {
        Set<String> behindImages = new HashSet<>();
        made.images(key, region).forEach(image -> behindImages.addAll(PointMade.snapshotsBehind(image)));
        return made.snapshots(key, region).stream()
                .filter(s -> s.state() == SnapshotState.COMPLETED && s.storageTier() != StorageTier.ARCHIVE)
                .filter(s -> !behindImages.contains(s.snapshotId()))
                .toList();
    }
}
