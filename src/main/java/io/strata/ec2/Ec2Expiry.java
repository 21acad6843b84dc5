package io.strata.ec2;

import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
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

    private final Function<Region, Ec2Client> clients;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2Expiry(Function<Region, Ec2Client> clients, Throttled throttled, Waiter.Bounded waiter) {
        this.clients = clients;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    void expire(RecoveryPoint point) {
        for (String region : Ec2Details.of(point).regions()) {
            expire(point.key(), region);
        }
    }

    private void expire(String key, String region) {
        Ec2Client ec2 = clients.apply(Region.of(region));
        Set<String> doomed = new LinkedHashSet<>();
        for (Image image : new Ec2Images(ec2, region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key)))) {
            image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> doomed.add(m.ebs().snapshotId()));
            throttled.call(() -> ec2.deregisterImage(r -> r.imageId(image.imageId())));
            LOG.info("Expired {}: deregistered AMI {} in {}", key, image.imageId(), region);
        }
        new Ec2Snapshots(ec2, region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key))).stream()
                .map(Snapshot::snapshotId).forEach(doomed::add);
        for (String snapshotId : doomed) {
            try {
                throttled.call(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
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
