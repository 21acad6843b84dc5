package io.strata.ec2;

import io.strata.service.Waiter;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.StorageTier;

/**
 * An archived snapshot cannot make a volume: RestoreSnapshotTier (temporary) first, then wait until
 * AWS reports it restored (standard tier, or a restore expiry time).
 */
final class SnapshotTier {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTier.class);

    private final Function<Region, Ec2Client> clients;
    private final Waiter.Bounded waiter;
    private final int restoreDays;

    SnapshotTier(Function<Region, Ec2Client> clients, Waiter.Bounded waiter, int restoreDays) {
        this.clients = clients;
        this.waiter = waiter;
        this.restoreDays = restoreDays;
    }

    void ensureStandard(String region, String snapshotId) {
        Ec2Client ec2 = clients.apply(Region.of(region));
        Snapshot snapshot = describe(ec2, snapshotId);
        if (usable(snapshot)) {
            return;
        }
        LOG.info("Snapshot {} in {} is archived: RestoreSnapshotTier for {} day(s)", snapshotId, region, restoreDays);
        ec2.restoreSnapshotTier(r -> r.snapshotId(snapshotId).temporaryRestoreDays(restoreDays));
        waiter.until("restore of archived snapshot " + snapshotId + " in " + region, () -> describe(ec2, snapshotId),
                SnapshotTier::usable, s -> "tier " + s.storageTierAsString());
    }

    private static boolean usable(Snapshot snapshot) {
        return snapshot.storageTier() != StorageTier.ARCHIVE || snapshot.restoreExpiryTime() != null;
    }

    private static Snapshot describe(Ec2Client ec2, String snapshotId) {
        return ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
    }
}
