package io.strata.ec2;

import io.strata.service.Cleanup;
import io.strata.service.Failures;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Deletes what one uncommitted attempt made outside the vault, found by its tags (the exact
 * recovery point folder and this vault), in each region it may have reached: its AMIs first (a
 * registered AMI's snapshots cannot be deleted), then its snapshots and copies. What cannot be
 * deleted is reported, not thrown: the caller says what was left and who deletes it later.
 */
final class Ec2Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Leftovers.class);

    private final Function<Region, Ec2Client> clients;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;
    private final String vault;

    Ec2Leftovers(Function<Region, Ec2Client> clients, Throttled throttled, Waiter.Bounded waiter, String vault) {
        this.clients = clients;
        this.throttled = throttled;
        this.waiter = waiter;
        this.vault = vault;
    }

    Cleanup delete(String key, Collection<String> regions) {
        List<String> deleted = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String region : regions) {
            try {
                delete(key, region, deleted, left);
            } catch (RuntimeException e) {
                left.add("whatever is tagged " + Tags.RECOVERY_POINT + "=" + key + " in " + region + " (cannot list it: "
                        + Failures.reason(e) + ")");
            }
        }
        return new Cleanup(deleted, left);
    }

    private void delete(String key, String region, List<String> deleted, List<String> left) {
        Ec2Client ec2 = clients.apply(Region.of(region));
        var ours = List.of(Tags.recoveryPoint(key), Tags.vault(vault));
        Map<String, String> doomed = new LinkedHashMap<>(); // snapshot id -> state
        for (Image image : new Ec2Images(ec2, region, throttled, waiter).tagged(ours)) {
            try {
                throttled.call(() -> ec2.deregisterImage(r -> r.imageId(image.imageId())));
                deleted.add("AMI " + image.imageId() + " in " + region);
                LOG.info("Deregistered AMI {} ({}) in {} of uncommitted {}", image.imageId(), image.stateAsString(),
                        region, key);
            } catch (AwsServiceException e) {
                if (!Failures.code(e).startsWith("InvalidAMIID")) {
                    left.add("AMI " + image.imageId() + " (" + image.stateAsString() + ") in " + region + ": "
                            + Failures.aws(e));
                    continue;
                }
            }
            image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> doomed.putIfAbsent(m.ebs().snapshotId(), "of AMI " + image.imageId()));
        }
        for (Snapshot snapshot : new Ec2Snapshots(ec2, region, throttled, waiter).tagged(ours)) {
            doomed.put(snapshot.snapshotId(), snapshot.stateAsString());
        }
        doomed.forEach((snapshotId, state) -> {
            try {
                throttled.call(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
                deleted.add("snapshot " + snapshotId + " in " + region);
                LOG.info("Deleted snapshot {} ({}) in {} of uncommitted {}", snapshotId, state, region, key);
            } catch (AwsServiceException e) {
                if (!"InvalidSnapshot.NotFound".equals(Failures.code(e))) {
                    left.add("snapshot " + snapshotId + " (" + state + ") in " + region + ": " + Failures.aws(e));
                }
            }
        });
    }
}
