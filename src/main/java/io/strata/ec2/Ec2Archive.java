package io.strata.ec2;

import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
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

    private final Function<Region, Ec2Client> clients;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2Archive(Function<Region, Ec2Client> clients, Throttled throttled, Waiter.Bounded waiter) {
        this.clients = clients;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    /** Whether any snapshot of the recovery point can still move to the archive tier. */
    boolean anyToArchive(RecoveryPoint point) {
        return Ec2Details.of(point).regions().stream().anyMatch(region -> !archivable(point.key(), region).isEmpty());
    }

    void archive(RecoveryPoint point) {
        for (String region : Ec2Details.of(point).regions()) {
            Ec2Client ec2 = clients.apply(Region.of(region));
            for (Snapshot snapshot : archivable(point.key(), region)) {
                throttled.call(() -> ec2.modifySnapshotTier(r -> r.snapshotId(snapshot.snapshotId())
                        .storageTier(TargetStorageTier.ARCHIVE)));
                LOG.info("Archiving snapshot {} of {} in {}", snapshot.snapshotId(), point.key(), region);
            }
        }
    }

    private List<Snapshot> archivable(String key, String region) {
        Ec2Client ec2 = clients.apply(Region.of(region));
        Set<String> behindImages = new HashSet<>();
        new Ec2Images(ec2, region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key))).forEach(image ->
                image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                        .forEach(m -> behindImages.add(m.ebs().snapshotId())));
        return new Ec2Snapshots(ec2, region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key))).stream()
                .filter(s -> s.state() == SnapshotState.COMPLETED && s.storageTier() != StorageTier.ARCHIVE)
                .filter(s -> !behindImages.contains(s.snapshotId()))
                .toList();
    }
}
