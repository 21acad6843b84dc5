package io.strata.ec2;

import io.strata.service.Step;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** Crash-consistent snapshots of all of an instance's volumes (CreateSnapshots), in one region. */
final class Ec2Snapshots {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Snapshots.class);

    private final Ec2Client ec2;
    private final String region;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2Snapshots(Ec2Client ec2, String region, Throttled throttled, Waiter.Bounded waiter) {
        this.ec2 = ec2;
        this.region = region;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    /**
     * Device → snapshot id. A retried attempt of the same recovery point finds the snapshots the
     * first one made by their {@code strata:recovery-point} tag instead of making more.
     */
    Map<String, String> ensure(StrataTags own, InstanceConfig config, boolean excludeBootVolume) {
        String key = own.recoveryPoint();
        List<Snapshot> existing = tagged(List.of(Tags.recoveryPoint(key), Tags.kind("volume"), Filter.builder().name("volume-id")
                .values(config.blockDevices().stream().map(InstanceConfig.BlockDevice::volumeId).toList()).build()));
        List<String> snapshotIds;
        if (!existing.isEmpty()) {
            LOG.info("Recovery point {} already has snapshots {}: reusing them", key,
                    existing.stream().map(Snapshot::snapshotId).toList());
            snapshotIds = existing.stream().map(Snapshot::snapshotId).toList();
        } else {
            var tags = own.with(config.tags(), Map.of(Tags.SOURCE, config.instanceId(), Tags.KIND, "volume"));
            snapshotIds = Step.run("CreateSnapshots " + config.instanceId() + " in " + region,
                    () -> throttled.call(() -> ec2.createSnapshots(r -> r
                    .instanceSpecification(InstanceSpecification.builder().instanceId(config.instanceId())
                            .excludeBootVolume(excludeBootVolume).build())
                    .description("Strata " + key)
                    .tagSpecifications(Tags.spec(ResourceType.SNAPSHOT, tags))))
                    .snapshots().stream().map(s -> s.snapshotId()).toList());
            LOG.info("CreateSnapshots of {} in {}: {}", config.instanceId(), region, snapshotIds);
        }
        Map<String, String> byDevice = new TreeMap<>();
        for (Snapshot snapshot : awaitCompleted(snapshotIds)) {
            String device = config.blockDevices().stream().filter(d -> d.volumeId().equals(snapshot.volumeId()))
                    .map(InstanceConfig.BlockDevice::deviceName).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Snapshot " + snapshot.snapshotId() + " is of volume "
                            + snapshot.volumeId() + ", which instance " + config.instanceId() + " does not have"));
            byDevice.put(device, snapshot.snapshotId());
        }
        return byDevice;
    }

    /**
     * Why {@code byDevice} is not this recovery point's whole set of volume snapshots: the devices of
     * instance.json (without the root one if it is excluded) against the devices with a snapshot, and
     * every CreateSnapshots snapshot tagged with the recovery point here against those recorded. Empty
     * when they agree. (The AMI's snapshots, tagged {@code strata:kind=image}, are the AMI's own.)
     */
    List<String> coverage(String key, InstanceConfig config, boolean excludeBootVolume, Map<String, String> byDevice) {
        List<String> gaps = new ArrayList<>();
        Set<String> expected = Ec2Details.devicesToSnapshot(config, excludeBootVolume);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(byDevice.keySet());
        if (!missing.isEmpty()) {
            gaps.add("no snapshot of " + missing);
        }
        Set<String> extra = new TreeSet<>(byDevice.keySet());
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            gaps.add("snapshots of " + extra + ", which instance.json does not list"
                    + (excludeBootVolume ? " or which are of the excluded boot volume" : ""));
        }
        List<String> unrecorded = tagged(List.of(Tags.recoveryPoint(key), Tags.kind("volume"))).stream()
                .filter(s -> !byDevice.containsValue(s.snapshotId()))
                .map(s -> s.snapshotId() + " (of volume " + s.volumeId() + ")").toList();
        if (!unrecorded.isEmpty()) {
            gaps.add("snapshots tagged " + Tags.RECOVERY_POINT + "=" + key + " in " + region + " but not recorded "
                    + unrecorded);
        }
        return gaps;
    }

    /** Waits until every snapshot is {@code completed}; one in {@code error} fails the backup. */
    List<Snapshot> awaitCompleted(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return waiter.until("snapshots " + ids + " in " + region,
                () -> Step.run("DescribeSnapshots " + ids + " in " + region, () -> describe(ids)),
                snapshots -> snapshots.stream().allMatch(s -> s.state() == SnapshotState.COMPLETED),
                snapshots -> snapshots.stream().map(s -> s.snapshotId() + " " + s.stateAsString() + " "
                        + (s.progress() == null ? "" : s.progress())).collect(Collectors.joining(", ")));
    }

    List<Snapshot> describe(Collection<String> ids) {
        List<Snapshot> snapshots = throttled.call(() -> ec2.describeSnapshots(r -> r.snapshotIds(ids))).snapshots();
        for (Snapshot snapshot : snapshots) {
            if (snapshot.state() == SnapshotState.ERROR) {
                throw new IllegalStateException("Snapshot " + snapshot.snapshotId() + " of volume " + snapshot.volumeId()
                        + " in " + region + " failed: " + snapshot.stateMessage());
            }
        }
        return snapshots;
    }

    /** Strata's own snapshots matching the filters (owner self), every page. */
    List<Snapshot> tagged(List<Filter> filters) {
        List<Snapshot> all = new ArrayList<>();
        DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder().ownerIds("self").filters(filters).build();
        while (true) {
            DescribeSnapshotsRequest page = request;
            DescribeSnapshotsResponse response = throttled.call(() -> ec2.describeSnapshots(page));
            all.addAll(response.snapshots());
            if (response.nextToken() == null || response.nextToken().isEmpty()) {
                return all;
            }
            request = request.toBuilder().nextToken(response.nextToken()).build();
        }
    }
}
