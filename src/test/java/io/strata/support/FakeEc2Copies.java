package io.strata.support;

import io.strata.support.FakeEc2.Img;
import io.strata.support.FakeEc2.RegionState;
import io.strata.support.FakeEc2.Snap;
import io.strata.support.FakeEc2.Vol;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * Cross-region copies of {@link FakeEc2Client}, called in the destination region: the source must be
 * complete, the copy appears here only, and at most {@code copyLimit} copies are in flight.
 */
final class FakeEc2Copies {

    private final FakeEc2 world;
    private final RegionState here;
    private final FakeEc2Client client;

    FakeEc2Copies(FakeEc2 world, RegionState here, FakeEc2Client client) {
        this.world = world;
        this.here = here;
        this.client = client;
    }

    CopySnapshotResponse copySnapshot(CopySnapshotRequest request) {
        synchronized (world) {
            client.call("CopySnapshot", request.sourceRegion() + " " + request.sourceSnapshotId());
            Snap source = new FakeEc2Client(world, world.region(request.sourceRegion())).snap(request.sourceSnapshotId());
            if (!source.state.equals("completed")) {
                throw FakeEc2.error(400, "IncorrectState", "Snapshot " + source.id + " is not completed");
            }
            checkCopyLimit();
            Vol like = new Vol();
            like.id = source.volumeId;
            like.size = source.size;
            like.encrypted = source.encrypted || Boolean.TRUE.equals(request.encrypted());
            like.kmsKeyId = request.kmsKeyId() != null ? request.kmsKeyId() : source.kmsKeyId;
            Snap copy = client.snapshot(here, like, request.description(), FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.SNAPSHOT));
            copy.copiedFrom = request.sourceRegion() + "/" + source.id;
            world.maxCopiesInFlight.merge(here.name, inFlight(), Math::max);
            return CopySnapshotResponse.builder().snapshotId(copy.id).build();
        }
    }

    private int inFlight() {
        return (int) (here.snapshots.values().stream().filter(s -> s.copiedFrom != null && s.state.equals("pending")).count()
                + here.images.values().stream().filter(i -> i.copiedFrom != null && i.state.equals("pending")).count());
    }

    private void checkCopyLimit() {
        if (inFlight() >= world.copyLimit) {
            throw FakeEc2.error(400, "ResourceLimitExceeded", "You have reached the limit of " + world.copyLimit
                    + " concurrent snapshot copies in " + here.name + ".");
        }
    }

    CopyImageResponse copyImage(CopyImageRequest request) {
        synchronized (world) {
            client.call("CopyImage", request.sourceRegion() + " " + request.sourceImageId());
            RegionState source = world.region(request.sourceRegion());
            Img original = new FakeEc2Client(world, source).img(request.sourceImageId());
            if (!original.state.equals("available")) {
                throw FakeEc2.error(400, "IncorrectState", "Image " + original.id + " is not available");
            }
            checkCopyLimit();
            Img copy = client.image(here, request.name(), FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.IMAGE));
            copy.copiedFrom = request.sourceRegion() + "/" + original.id;
            copy.rootDevice = original.rootDevice;
            Map<String, String> snapshotTags = FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.SNAPSHOT);
            original.devices.forEach((device, snapshotId) -> {
                Snap from = source.snapshots.get(snapshotId);
                Vol like = new Vol();
                like.id = from.volumeId;
                like.size = from.size;
                copy.devices.put(device, client.snapshot(here, like, "Copied for " + copy.id, snapshotTags).id);
            });
            world.maxCopiesInFlight.merge(here.name, inFlight(), Math::max);
            return CopyImageResponse.builder().imageId(copy.id).build();
        }
    }
}
