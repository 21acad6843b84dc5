package io.strata.ec2;

import io.strata.vault.RecoveryPoint;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Deletes what a recovery point made outside the vault, in every region it recorded: its AMIs
 * first (a registered AMI's snapshots cannot be deleted), then their snapshots and the other
 * snapshots tagged with its key. Only what carries the recovery point's tag is ever touched.
 */
final class Ec2Expiry {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Expiry.class);

    private final PointMade made;

    Ec2Expiry(PointMade made) {
        this.made = made;
    }

    void expire(RecoveryPoint point) {
        for (String region : Ec2Details.of(point).regions()) {
            expire(point.key(), region);
        }
    }

    private void expire(String key, String region) {
        Ec2Client ec2 = made.ec2(region);
        Set<String> doomed = new LinkedHashSet<>();
        for (Image image : made.images(key, region)) {
            doomed.addAll(PointMade.snapshotsBehind(image));
            made.throttled().call(() -> ec2.deregisterImage(r -> r.imageId(image.imageId())));
            LOG.info("Expired {}: deregistered AMI {} in {}", key, image.imageId(), region);
        }
        made.snapshots(key, region).stream().map(Snapshot::snapshotId).forEach(doomed::add);
        for (String snapshotId : doomed) {
            try {
                made.throttled().call(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
                LOG.info("Expired {}: deleted snapshot {} in {}", key, snapshotId, region);
            } catch (Ec2Exception e) {
                if (!"InvalidSnapshot.NotFound".equals(Ec2Errors.code(e))) {
                    throw new IllegalStateException("Cannot delete snapshot " + snapshotId + " in " + region + " of "
                            + key + ": " + Ec2Errors.describe(e), e);
                }
            }
        }
    }
}
