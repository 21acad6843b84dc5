package io.strata.support;

import io.strata.support.FakeEc2.Img;
import io.strata.support.FakeEc2.Inst;
import io.strata.support.FakeEc2.RegionState;
import io.strata.support.FakeEc2.Snap;
import io.strata.support.FakeEc2.Vol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * One region's handler of a {@link FakeEc2} world: only the operations Strata calls, each named and
 * typed as the SDK client's method of the same operation, so that {@link QueryServer} finds it.
 */
final class FakeEc2Client {

    private final FakeEc2 world;
    private final RegionState here;
    private final FakeEc2Restores restores;
    private final FakeEc2Copies copies;
    private final FakeEc2Images images;

    FakeEc2Client(FakeEc2 world, RegionState here) {
        this.world = world;
        this.here = here;
        this.restores = new FakeEc2Restores(world, here, this);
        this.copies = new FakeEc2Copies(world, here, this);
        this.images = new FakeEc2Images(world, here, this);
    }

    void call(String operation, String detail) {
        AtomicInteger throttle = world.throttleNext.get(operation);
        if (throttle != null && throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw FakeEc2.error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        if (detail != null) {
            world.calls.add(here.name + " " + operation + " " + detail);
        }
        world.nextFailure(operation).ifPresent(failure -> {
            throw failure.exception();
        });
    }

    DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
        synchronized (world) {
            call("DescribeInstances", null);
            List<Inst> found = new ArrayList<>();
            if (!request.instanceIds().isEmpty()) {
                for (String id : request.instanceIds()) {
                    Inst inst = here.instances.get(id);
                    if (inst == null) {
                        throw FakeEc2.error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
                    }
                    found.add(inst);
                }
            } else {
                found.addAll(here.instances.values());
            }
            found.removeIf(inst -> !matches(request.filters(), inst.tags, Map.of("instance-state-name", inst.state)));
            return DescribeInstancesResponse.builder().reservations(found.stream().map(inst -> Reservation.builder()
                    .instances(view(inst)).build()).toList()).build();
        }
    }

    Instance view(Inst inst) {
        return Instance.builder().instanceId(inst.id).instanceType(inst.type).imageId(inst.imageId)
                .placement(p -> p.availabilityZone(inst.az)).subnetId(inst.subnetId).keyName(inst.keyName)
                .securityGroups(inst.securityGroups.stream().map(g -> GroupIdentifier.builder().groupId(g).build()).toList())
                .iamInstanceProfile(inst.iamProfileArn == null ? null : IamInstanceProfile.builder().arn(inst.iamProfileArn).build())
                .rootDeviceName(inst.rootDevice).ebsOptimized(false).architecture("x86_64")
                .state(s -> s.name(inst.state)).tags(tags(inst.tags))
                .blockDeviceMappings(inst.devices.entrySet().stream().map(d -> InstanceBlockDeviceMapping.builder()
                        .deviceName(d.getKey()).ebs(e -> e.volumeId(d.getValue()).deleteOnTermination(true)
                                .status("attached")).build()).toList())
                .build();
    }

    DescribeInstanceAttributeResponse describeInstanceAttribute(DescribeInstanceAttributeRequest request) {
        synchronized (world) {
            Inst inst = here.instances.get(request.instanceId());
            if (inst == null) {
                throw FakeEc2.error(400, "InvalidInstanceID.NotFound", "The instance ID '" + request.instanceId() + "' does not exist");
            }
            if (request.attribute() != InstanceAttributeName.USER_DATA) {
                throw new UnsupportedOperationException("FakeEc2 answers userData only, not " + request.attribute());
            }
            return DescribeInstanceAttributeResponse.builder().instanceId(inst.id)
                    .userData(inst.userData == null ? null : AttributeValue.builder().value(inst.userData).build()).build();
        }
    }

    DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
        return restores.describeVolumes(request);
    }

    DeleteVolumeResponse deleteVolume(DeleteVolumeRequest request) {
        return restores.deleteVolume(request);
    }

    CreateSnapshotsResponse createSnapshots(CreateSnapshotsRequest request) {
        synchronized (world) {
            call("CreateSnapshots", request.instanceSpecification().instanceId());
            Inst inst = instance(request.instanceSpecification().instanceId());
            List<SnapshotInfo> made = new ArrayList<>();
            inst.devices.forEach((device, volumeId) -> {
                if (device.equals(inst.rootDevice) && Boolean.TRUE.equals(request.instanceSpecification().excludeBootVolume())) {
                    return;
                }
                Snap snap = snapshot(here, here.volumes.get(volumeId), request.description(),
                        tagsOf(request.tagSpecifications(), ResourceType.SNAPSHOT));
                made.add(SnapshotInfo.builder().snapshotId(snap.id).volumeId(volumeId).state(snap.state).build());
            });
            return CreateSnapshotsResponse.builder().snapshots(made).build();
        }
    }

    Snap snapshot(RegionState in, Vol vol, String description, Map<String, String> tags) {
        Snap snap = new Snap();
        snap.id = world.id("snap");
        snap.volumeId = vol.id;
        snap.size = vol.size;
        snap.encrypted = vol.encrypted;
        snap.kmsKeyId = vol.kmsKeyId;
        snap.description = description;
        snap.pollsLeft = world.pollsToComplete;
        snap.tags.putAll(tags);
        in.snapshots.put(snap.id, snap);
        return snap;
    }

    DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest request) {
        synchronized (world) {
            call("DescribeSnapshots", null);
            List<Snap> found = new ArrayList<>();
            if (!request.snapshotIds().isEmpty()) {
                for (String id : request.snapshotIds()) {
                    found.add(snap(id));
                }
            } else {
                found.addAll(here.snapshots.values());
            }
            found.removeIf(s -> !matches(request.filters(), s.tags, Map.of("volume-id", s.volumeId, "status", s.state)));
            List<Snapshot> views = new ArrayList<>();
            for (Snap s : found) {
                if (s.state.equals("pending") && --s.pollsLeft <= 0) {
                    s.state = "completed";
                }
                if (s.tierPollsLeft > 0 && --s.tierPollsLeft == 0) {
                    s.restored = true;
                }
                views.add(Snapshot.builder().snapshotId(s.id).volumeId(s.volumeId).volumeSize(s.size).state(s.state)
                        .progress(s.state.equals("completed") ? "100%" : "50%").encrypted(s.encrypted)
                        .kmsKeyId(s.kmsKeyId).description(s.description).tags(tags(s.tags)).storageTier(s.tier)
                        .restoreExpiryTime(s.restored ? Instant.now().plusSeconds(86_400) : null).ownerId("123456789012")
                        .build());
            }
            return DescribeSnapshotsResponse.builder().snapshots(views).build();
        }
    }

    Snap snap(String id) {
        Snap snap = here.snapshots.get(id);
        if (snap == null) {
            throw FakeEc2.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
        }
        return snap;
    }

    Inst instance(String id) {
        Inst inst = here.instances.get(id);
        if (inst == null) {
            throw FakeEc2.error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        }
        return inst;
    }

    CreateImageResponse createImage(CreateImageRequest request) {
        return images.createImage(request);
    }

    DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        return images.describeImages(request);
    }

    Img image(RegionState in, String name, Map<String, String> tags) {
        return images.image(in, name, tags);
    }

    Img img(String id) {
        Img image = here.images.get(id);
        if (image == null) {
            throw FakeEc2.error(400, "InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
        }
        return image;
    }

    CopySnapshotResponse copySnapshot(CopySnapshotRequest request) {
        return copies.copySnapshot(request);
    }

    CopyImageResponse copyImage(CopyImageRequest request) {
        return copies.copyImage(request);
    }

    DeregisterImageResponse deregisterImage(DeregisterImageRequest request) {
        synchronized (world) {
            call("DeregisterImage", request.imageId());
            here.images.remove(img(request.imageId()).id);
            return DeregisterImageResponse.builder().build();
        }
    }

    /** AWS moves a completed snapshot to the archive tier (this fake at once; AWS within hours). */
    ModifySnapshotTierResponse modifySnapshotTier(ModifySnapshotTierRequest request) {
        synchronized (world) {
            call("ModifySnapshotTier", request.snapshotId());
            Snap snap = snap(request.snapshotId());
            if (!snap.state.equals("completed")) {
                throw FakeEc2.error(400, "IncorrectState", "Snapshot " + snap.id + " is " + snap.state
                        + ": only a completed snapshot can be archived");
            }
            if (snap.tier.equals("archive")) {
                throw FakeEc2.error(400, "IncorrectState", "Snapshot " + snap.id + " is already archived");
            }
            snap.tier = "archive";
            return ModifySnapshotTierResponse.builder().snapshotId(snap.id)
                    .tieringStartTime(Instant.now()).build();
        }
    }

    DeleteSnapshotResponse deleteSnapshot(DeleteSnapshotRequest request) {
        synchronized (world) {
            call("DeleteSnapshot", request.snapshotId());
            Snap snap = snap(request.snapshotId());
            for (Img image : here.images.values()) {
                if (image.devices.containsValue(snap.id)) {
                    throw FakeEc2.error(400, "InvalidSnapshot.InUse", "The snapshot " + snap.id
                            + " is currently in use by " + image.id);
                }
            }
            here.snapshots.remove(snap.id);
            return DeleteSnapshotResponse.builder().build();
        }
    }

    RunInstancesResponse runInstances(RunInstancesRequest request) {
        return restores.runInstances(request);
    }

    CreateVolumeResponse createVolume(CreateVolumeRequest request) {
        return restores.createVolume(request);
    }

    RestoreSnapshotTierResponse restoreSnapshotTier(RestoreSnapshotTierRequest request) {
        return restores.restoreSnapshotTier(request);
    }

    static boolean matches(Collection<Filter> filters, Map<String, String> tags, Map<String, String> fields) {
        for (Filter filter : filters) {
            String value = filter.name().startsWith("tag:") ? tags.get(filter.name().substring(4)) : fields.get(filter.name());
            if (!filter.name().startsWith("tag:") && !fields.containsKey(filter.name())) {
                throw FakeEc2.error(400, "InvalidParameterValue", "The filter '" + filter.name() + "' is invalid");
            }
            if (value == null || !filter.values().contains(value)) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> tagsOf(List<TagSpecification> specs, ResourceType type) {
        Map<String, String> tags = new TreeMap<>();
        specs.stream().filter(s -> s.resourceType() == type).forEach(s -> s.tags().forEach(t -> tags.put(t.key(), t.value())));
        return tags;
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
