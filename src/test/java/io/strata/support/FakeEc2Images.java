package io.strata.support;

import io.strata.support.FakeEc2.Img;
import io.strata.support.FakeEc2.Inst;
import io.strata.support.FakeEc2.RegionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** AMIs of {@link FakeEc2Client}: CreateImage snapshots every volume; an AMI is available with its snapshots. */
final class FakeEc2Images {

    private final FakeEc2 world;
    private final RegionState here;
    private final FakeEc2Client client;

    FakeEc2Images(FakeEc2 world, RegionState here, FakeEc2Client client) {
        this.world = world;
        this.here = here;
        this.client = client;
    }

    CreateImageResponse createImage(CreateImageRequest request) {
        synchronized (world) {
            client.call("CreateImage", request.instanceId() + " noReboot=" + request.noReboot());
            Inst inst = client.instance(request.instanceId());
            Img image = image(here, request.name(), FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.IMAGE));
            image.rootDevice = inst.rootDevice;
            Map<String, String> snapshotTags = FakeEc2Client.tagsOf(request.tagSpecifications(), ResourceType.SNAPSHOT);
            inst.devices.forEach((device, volumeId) -> image.devices.put(device,
                    client.snapshot(here, here.volumes.get(volumeId), "Created by CreateImage(" + inst.id + ") for " + image.id,
                            snapshotTags).id));
            return CreateImageResponse.builder().imageId(image.id).build();
        }
    }

    Img image(RegionState in, String name, Map<String, String> tags) {
        if (in.images.values().stream().anyMatch(i -> i.name.equals(name))) {
            throw FakeEc2.error(400, "InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by an AMI.");
        }
        Img image = new Img();
        image.id = world.id("ami");
        image.name = name;
        image.pollsLeft = world.pollsToComplete;
        image.tags.putAll(tags);
        in.images.put(image.id, image);
        return image;
    }

    DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        synchronized (world) {
            client.call("DescribeImages", null);
            List<Img> found = new ArrayList<>();
            if (!request.imageIds().isEmpty()) {
                for (String id : request.imageIds()) {
                    found.add(client.img(id));
                }
            } else {
                found.addAll(here.images.values());
            }
            found.removeIf(i -> !FakeEc2Client.matches(request.filters(), i.tags, Map.of("state", i.state)));
            List<Image> views = new ArrayList<>();
            for (Img i : found) {
                // CreateImage's snapshots complete with the AMI they belong to.
                if (i.state.equals("pending") && --i.pollsLeft <= 0) {
                    i.state = "available";
                    i.devices.values().forEach(id -> here.snapshots.get(id).state = "completed");
                }
                views.add(Image.builder().imageId(i.id).name(i.name).state(i.state).rootDeviceName(i.rootDevice)
                        .tags(FakeEc2Client.tags(i.tags)).ownerId("123456789012").blockDeviceMappings(i.devices.entrySet().stream()
                                .map(d -> BlockDeviceMapping.builder().deviceName(d.getKey())
                                        .ebs(e -> e.snapshotId(d.getValue())).build()).toList()).build());
            }
            return DescribeImagesResponse.builder().images(views).build();
        }
    }
}
