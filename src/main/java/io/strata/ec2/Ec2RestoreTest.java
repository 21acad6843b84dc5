package io.strata.ec2;

import io.strata.service.Failures;
import io.strata.service.RestoreTest;
import io.strata.service.RestoreTestResult;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * EC2's restore test: a volume from each snapshot of the recovery point in its region, in the instance's zone,
 * tagged {@code strata:restore-test=<recovery point>}; each must become available with at least the size the
 * backed-up volume had; then every volume made is deleted, whatever was found. A snapshot that cannot make a
 * volume (deleted, archived, failed) fails the test.
 */
final class Ec2RestoreTest implements RestoreTest {

    static final String TAG = "strata:restore-test";
    /** EC2's longest tag value. */
    private static final int MAX_VALUE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(Ec2RestoreTest.class);

    private final Function<Region, Ec2Client> clients;
    private final Region home;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2RestoreTest(Function<Region, Ec2Client> clients, Region home, Throttled throttled, Waiter.Bounded waiter) {
        this.clients = clients;
        this.home = home;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    @Override
    public RestoreTestResult run(Vault vault, RecoveryPoint point, Instant now) {
        Ec2Client ec2 = clients.apply(Region.of(point.region()));
        List<String> made = new ArrayList<>();
        RestoreTestResult result;
        try {
            result = test(ec2, vault, point, made);
        } catch (RuntimeException e) {
            result = RestoreTestResult.failed(names(made), Failures.reason(e));
        }
        for (String volumeId : made) {
            try {
                // EC2 deletes only a volume that is available (or failed): one still being created is waited for.
                waiter.until("volume " + volumeId + " to leave 'creating'", () -> describe(ec2, volumeId),
                        v -> v.state() != VolumeState.CREATING, v -> v.stateAsString());
                throttled.call(() -> ec2.deleteVolume(r -> r.volumeId(volumeId)));
            } catch (RuntimeException e) {
                result = result.notDeleted("volume " + volumeId, Failures.reason(e));
            }
        }
        return result;
    }

    private RestoreTestResult test(Ec2Client ec2, Vault vault, RecoveryPoint point, List<String> made) {
        InstanceConfig config = ConfigFile.read(vault, point);
        Map<String, String> snapshots = Ec2Details.of(point).snapshots().getOrDefault(point.region(), Map.of());
        if (snapshots.isEmpty()) {
            return RestoreTestResult.failed(List.of(), "no snapshot in " + point.region() + " to make a volume from");
        }
        String zone = config.availabilityZone() != null ? config.availabilityZone() : point.region() + "a";
        String tagValue = point.key().length() > MAX_VALUE ? point.key().substring(0, MAX_VALUE) : point.key();
        List<String> volumes = new ArrayList<>();
        snapshots.forEach((device, snapshotId) -> {
            String volumeId = throttled.call(() -> ec2.createVolume(r -> r.snapshotId(snapshotId).availabilityZone(zone)
                    .tagSpecifications(Tags.spec(ResourceType.VOLUME, List.of(
                            Tag.builder().key(TAG).value(tagValue).build(),
                            Tag.builder().key("Name").value("strata restore test of " + device).build()))))).volumeId();
            made.add(volumeId);
            volumes.add(device + " " + snapshotId + " " + volumeId);
        });
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String line : volumes) {
            String[] parts = line.split(" ");
            Volume volume = waiter.until("volume " + parts[2] + " from " + parts[1], () -> describe(ec2, parts[2]),
                    v -> v.state() == VolumeState.AVAILABLE || v.state() == VolumeState.ERROR, v -> v.stateAsString());
            Integer size = config.device(parts[0]).sizeGiB();
            if (volume.state() != VolumeState.AVAILABLE) {
                problems.add("volume " + parts[2] + " from " + parts[1] + " (" + parts[0] + ") is " + volume.stateAsString());
            } else if (size != null && volume.size() < size) {
                problems.add("volume " + parts[2] + " from " + parts[1] + " (" + parts[0] + ") has " + volume.size()
                        + " GiB, the backed-up volume had " + size);
            } else {
                checked.add(parts[0] + " (" + parts[1] + "): " + volume.size() + " GiB available");
            }
        }
        return problems.isEmpty() ? RestoreTestResult.passed(names(made), String.join(", ", checked))
                : RestoreTestResult.failed(names(made), String.join("; ", problems));
    }

    private Volume describe(Ec2Client ec2, String volumeId) {
        return throttled.call(() -> ec2.describeVolumes(r -> r.volumeIds(volumeId))).volumes().get(0);
    }

    /** The volumes tagged {@code strata:restore-test} in the home region: no test runs now, so each is a leftover. */
    @Override
    public List<String> deleteLeftovers() {
        Ec2Client ec2 = clients.apply(home);
        List<String> deleted = new ArrayList<>();
        ec2.describeVolumesPaginator(r -> r.filters(Filter.builder().name("tag-key").values(TAG).build())).volumes()
                .forEach(volume -> {
                    try {
                        throttled.call(() -> ec2.deleteVolume(r -> r.volumeId(volume.volumeId())));
                        deleted.add("volume " + volume.volumeId());
                    } catch (Ec2Exception e) {
                        LOG.warn("Leftover restore-test volume {} ({}) not deleted: {}", volume.volumeId(),
                                volume.stateAsString(), Failures.reason(e));
                    }
                });
        return deleted;
    }

    private static List<String> names(List<String> volumeIds) {
        return volumeIds.stream().map(id -> "volume " + id).toList();
    }
}
