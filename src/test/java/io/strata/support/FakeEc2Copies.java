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
            Snap source = world.handler(request.sourceRegion()).snap(request.sourceSnapshotId());
            checkPresigned(request, source);
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

    /**
     * A copy from another region carries a presigned CopySnapshot for the source region (the SDK
     * makes one from SourceRegion); AWS requires it for an encrypted source, and a URL that is there
     * must be one the destination could use.
     */
    private void checkPresigned(CopySnapshotRequest request, Snap source) {
        if (request.destinationRegion() != null && !request.destinationRegion().equals(here.name)) {
            throw FakeEc2.error(400, "InvalidParameterValue", "DestinationRegion " + request.destinationRegion()
                    + " is not the region of this endpoint (" + here.name + ")");
        }
        if (request.sourceRegion().equals(here.name)) {
            return;
        }
        if (request.presignedUrl() == null) {
            if (source.encrypted) {
                throw FakeEc2.error(400, "MissingParameter", "The request must contain the parameter PresignedUrl "
                        + "to copy the encrypted snapshot " + source.id + " from " + request.sourceRegion());
            }
            return;
        }
        PresignedCopy.problem(request.presignedUrl(), world.endpoint(), "ec2", "CopySnapshot", "SourceSnapshotId",
                source.id, request.sourceRegion(), here.name).ifPresent(problem -> {
                    throw FakeEc2.error(400, "InvalidParameterValue", "PresignedUrl " + problem);
                });
        world.presignedCopies.add(here.name + " " + source.id + " presigned for " + request.sourceRegion());
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
            Img original = world.handler(request.sourceRegion()).img(request.sourceImageId());
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
