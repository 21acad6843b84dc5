package io.strata.rds;

import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.vault.RecoveryPoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the snapshots of an expired recovery point in every region it records, but only those
 * tagged {@code strata:recovery-point} with its key: Strata never deletes what it did not make.
 */
final class RdsExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(RdsExpiry.class);

    private final RdsSnapshots snapshots;

    RdsExpiry(RdsSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /** Returns how many snapshots were deleted; one already gone counts as done. */
    int expire(RecoveryPoint point) {
        RdsDetails details = RdsDetails.of(point);
        int deleted = 0;
        for (SnapshotRef ref : details.snapshots()) {
            Optional<SnapshotState> found = snapshots.find(details.sourceKind(), ref.region(), ref.id());
            if (found.isEmpty()) {
                LOG.info("Snapshot {} in {} of {} is already gone", ref.id(), ref.region(), point.key());
                continue;
            }
            String tag = found.get().tags().get(RdsBackup.TAG_RECOVERY_POINT);
            if (!point.key().equals(tag)) {
                LOG.warn("Not deleting snapshot {} in {}: it is tagged {}={}, not {} (Strata deletes only what it made)",
                        ref.id(), ref.region(), RdsBackup.TAG_RECOVERY_POINT, tag, point.key());
                continue;
            }
            snapshots.delete(details.sourceKind(), ref.region(), ref.id());
            LOG.info("Deleted snapshot {} in {} of expired recovery point {}", ref.id(), ref.region(), point.key());
            deleted++;
        }
        return deleted;
    }
}
