package io.strata.ec2;

import io.strata.service.Step;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** AMIs in one region: Strata's, found by tag; created from an instance; awaited until available. */
final class Ec2Images {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Images.class);

    private final Ec2Client ec2;
    private final String region;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2Images(Ec2Client ec2, String region, Throttled throttled, Waiter.Bounded waiter) {
        this.ec2 = ec2;
        this.region = region;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    /** The recovery point's AMI: the one a previous attempt made, else CreateImage (NoReboot unless asked). */
    String ensure(StrataTags own, String stamp, InstanceConfig config, boolean reboot) {
        String key = own.recoveryPoint();
        List<Image> existing = tagged(List.of(Tags.recoveryPoint(key), Tags.source(config.instanceId())));
        String imageId;
        if (!existing.isEmpty()) {
            imageId = existing.get(0).imageId();
            LOG.info("Recovery point {} already has AMI {}: reusing it", key, imageId);
        } else {
            var tags = own.with(config.tags(), Map.of(Tags.SOURCE, config.instanceId(), Tags.KIND, "image"));
            imageId = Step.run("CreateImage " + config.instanceId() + " in " + region,
                    () -> throttled.call(() -> ec2.createImage(r -> r.instanceId(config.instanceId())
                    .name(name(config.instanceId(), stamp)).description("Strata " + key).noReboot(!reboot)
                    .tagSpecifications(Tags.spec(ResourceType.IMAGE, tags), Tags.spec(ResourceType.SNAPSHOT, tags))))
                    .imageId());
            LOG.info("CreateImage of {} in {}: {} (reboot {})", config.instanceId(), region, imageId, reboot);
        }
        awaitAvailable(imageId);
        return imageId;
    }

    /** AMI names are unique per region and account: the instance and the recovery point's stamp. */
    static String name(String instanceId, String stamp) {
        return "strata-" + instanceId + "-" + stamp;
    }

    Image awaitAvailable(String imageId) {
        return waiter.until("AMI " + imageId + " in " + region,
                () -> Step.run("DescribeImages " + imageId + " in " + region, () -> describe(imageId)),
                image -> image.state() == ImageState.AVAILABLE, Image::stateAsString);
    }

    Image describe(String imageId) {
        List<Image> images = throttled.call(() -> ec2.describeImages(r -> r.imageIds(imageId))).images();
        if (images.isEmpty()) {
            throw new IllegalStateException("AMI " + imageId + " in " + region + " is gone (deregistered)");
        }
        Image image = images.get(0);
        if (image.state() == ImageState.FAILED || image.state() == ImageState.ERROR) {
            throw new IllegalStateException("AMI " + imageId + " in " + region + " failed: "
                    + (image.stateReason() == null ? image.stateAsString() : image.stateReason().message()));
        }
        return image;
    }

    /** Strata's own AMIs matching the filters (owner self). */
    List<Image> tagged(List<Filter> filters) {
        return throttled.call(() -> ec2.describeImages(r -> r.owners("self").filters(filters))).images();
    }
}
