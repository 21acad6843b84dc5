package io.strata.support;

import io.strata.support.FakeEc2.Img;
import io.strata.support.FakeEc2.Inst;
import io.strata.support.FakeEc2.RegionState;
import io.strata.support.FakeEc2.Snap;
import io.strata.support.FakeEc2.Vol;
import java.util.List;
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
            here.volumes.get(volumeId).tags.putAll(FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.VOLUME));
            return CreateVolumeResponse.builder().volumeId(volumeId).snapshotId(snap.id).state("creating").build();
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
