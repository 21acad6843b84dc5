package io.strata.ec2;

import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * The AMIs and snapshots one recovery point made in a region, found by its tag: what the archive step
 * moves ({@link Ec2Archive}) and what expiry deletes ({@link Ec2Expiry}). Only what carries the
 * recovery point's tag is ever found.
 */
final class PointMade {

    private final Function<Region, Ec2Client> clients;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    PointMade(Function<Region, Ec2Client> clients, Throttled throttled, Waiter.Bounded waiter) {
        this.clients = clients;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    Ec2Client ec2(String region) {
        return clients.apply(Region.of(region));
    }

    /** Calls EC2 as every other call does: retried while throttled. */
    Throttled throttled() {
        return throttled;
    }

    List<Image> images(String key, String region) {
        return new Ec2Images(ec2(region), region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key)));
    }

    List<Snapshot> snapshots(String key, String region) {
        return new Ec2Snapshots(ec2(region), region, throttled, waiter).tagged(List.of(Tags.recoveryPoint(key)));
    }

    /** The snapshots an AMI is registered on, in its block device order. */
    static List<String> snapshotsBehind(Image image) {
        return image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                .map(m -> m.ebs().snapshotId()).toList();
    }
}
