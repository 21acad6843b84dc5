package io.strata.support;

import io.strata.support.FakeEc2.Img;
import io.strata.support.FakeEc2.Inst;
import io.strata.support.FakeEc2.RegionState;
import io.strata.support.FakeEc2.Snap;
import io.strata.support.FakeEc2.Vol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** The restore side of {@link FakeEc2Client}: RunInstances, CreateVolume, RestoreSnapshotTier. */
final class FakeEc2Restores {

    private final FakeEc2 world;
    private final RegionState here;
    private final FakeEc2Client client;

    FakeEc2Restores(FakeEc2 world, RegionState here, FakeEc2Client client) {
        this.world = world;
        this.here = here;
        this.client = client;
    }

    RunInstancesResponse runInstances(RunInstancesRequest request) {
        synchronized (world) {
            client.call("RunInstances", request.imageId());
            Img image = client.img(request.imageId());
            if (!image.state.equals("available")) {
                throw FakeEc2.error(400, "IncorrectInstanceState", "AMI " + image.id + " is " + image.state);
            }
            Inst inst = new Inst();
            inst.id = world.id("i");
            inst.type = request.instanceTypeAsString();
            inst.imageId = image.id;
            inst.az = here.name + "a";
            inst.subnetId = request.subnetId();
            inst.securityGroups = List.copyOf(request.securityGroupIds());
            inst.keyName = request.keyName();
            inst.iamProfileArn = request.iamInstanceProfile() == null ? null : request.iamInstanceProfile().arn();
            inst.userData = request.userData();
            inst.rootDevice = image.rootDevice;
            inst.tags.putAll(FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.INSTANCE));
            image.devices.forEach((device, snapshotId) -> inst.devices.put(device, fromSnapshot(client.snap(snapshotId), inst.az, null)));
            for (BlockDeviceMapping mapping : request.blockDeviceMappings()) {
                if (mapping.deviceName().equals(image.rootDevice) && mapping.ebs().snapshotId() != null) {
                    throw FakeEc2.error(400, "InvalidBlockDeviceMapping", "The snapshot of the root device cannot be changed");
                }
                inst.devices.put(mapping.deviceName(), fromSnapshot(client.snap(mapping.ebs().snapshotId()), inst.az,
                        mapping.ebs().volumeTypeAsString()));
            }
            if (image.devices.isEmpty()) {
                inst.devices.putIfAbsent(image.rootDevice, world.volume(here, inst.az, 8, "gp3", 3000, 125).id);
            }
            here.instances.put(inst.id, inst);
            return RunInstancesResponse.builder().instances(client.view(inst)).build();
        }
    }

    private String fromSnapshot(Snap snap, String az, String type) {
        if (snap.tier.equals("archive") && !snap.restored) {
            throw FakeEc2.error(400, "IncorrectState", "Snapshot " + snap.id + " is archived: restore it first");
        }
        Vol vol = world.volume(here, az, snap.size, type == null ? "gp3" : type, null, null);
        vol.snapshotId = snap.id;
        return vol.id;
    }

    CreateVolumeResponse createVolume(CreateVolumeRequest request) {
        synchronized (world) {
            client.call("CreateVolume", request.snapshotId() + " " + request.availabilityZone());
            if (!request.availabilityZone().startsWith(here.name)) {
                throw FakeEc2.error(400, "InvalidParameterValue", "Invalid availability zone: [" + request.availabilityZone() + "]");
            }
            Snap snap = client.snap(request.snapshotId());
            String volumeId = fromSnapshot(snap, request.availabilityZone(), request.volumeTypeAsString());
            Vol vol = here.volumes.get(volumeId);
            vol.tags.putAll(FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.VOLUME));
            vol.state = "creating";
            vol.pollsLeft = world.pollsToComplete;
            return CreateVolumeResponse.builder().volumeId(volumeId).snapshotId(snap.id).state("creating").build();
        }
    }

    /**
     * By id (unknown: InvalidVolume.NotFound) or by filters ({@code tag:KEY}, {@code tag-key}, {@code status}); a
     * volume CreateVolume made is {@code creating} for {@link FakeEc2#pollsToComplete} Describe polls.
     */
    DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
        synchronized (world) {
            List<Vol> found = new ArrayList<>();
            for (String id : request.volumeIds()) {
                Vol vol = here.volumes.get(id);
                if (vol == null) {
                    throw FakeEc2.error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
                }
                found.add(vol);
            }
            if (request.volumeIds().isEmpty()) {
                here.volumes.values().stream().filter(vol -> matches(request.filters(), vol)).forEach(found::add);
            }
            List<Volume> volumes = new ArrayList<>();
            for (Vol vol : found) {
                if ("creating".equals(vol.state) && --vol.pollsLeft <= 0) {
                    vol.state = "available";
                }
                volumes.add(Volume.builder().volumeId(vol.id).size(vol.size).volumeType(vol.type).iops(vol.iops)
                        .throughput(vol.throughput).encrypted(vol.encrypted).kmsKeyId(vol.kmsKeyId)
                        .availabilityZone(vol.az).snapshotId(vol.snapshotId).state(state(vol))
                        .tags(FakeEc2Client.tags(vol.tags)).build());
            }
            return DescribeVolumesResponse.builder().volumes(volumes).build();
        }
    }

    private static boolean matches(List<Filter> filters, Vol vol) {
        List<Filter> others = new ArrayList<>();
        for (Filter filter : filters) {
            if (filter.name().equals("tag-key")) {
                if (filter.values().stream().noneMatch(vol.tags::containsKey)) {
                    return false;
                }
            } else {
                others.add(filter);
            }
        }
        return FakeEc2Client.matches(others, vol.tags, Map.of("status", state(vol)));
    }

    private static String state(Vol vol) {
        return vol.state == null ? "in-use" : vol.state;
    }

    /** Only a volume that is available (not attached, not being created) can be deleted, as AWS documents. */
    DeleteVolumeResponse deleteVolume(DeleteVolumeRequest request) {
        synchronized (world) {
            client.call("DeleteVolume", request.volumeId());
            Vol vol = here.volumes.get(request.volumeId());
            if (vol == null) {
                throw FakeEc2.error(400, "InvalidVolume.NotFound", "The volume '" + request.volumeId()
                        + "' does not exist.");
            }
            if (!"available".equals(vol.state)) {
                throw FakeEc2.error(400, "VolumeInUse", "Volume " + vol.id + " is " + state(vol));
            }
            here.volumes.remove(vol.id);
            return DeleteVolumeResponse.builder().build();
        }
    }

    RestoreSnapshotTierResponse restoreSnapshotTier(RestoreSnapshotTierRequest request) {
        synchronized (world) {
            client.call("RestoreSnapshotTier", request.snapshotId());
            Snap snap = client.snap(request.snapshotId());
            if (!snap.tier.equals("archive")) {
                throw FakeEc2.error(400, "IncorrectState", "Snapshot " + snap.id + " is not archived");
            }
            snap.tierPollsLeft = world.pollsToComplete;
            return RestoreSnapshotTierResponse.builder().snapshotId(snap.id).isPermanentRestore(false).build();
        }
    }
}
