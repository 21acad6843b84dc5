package io.strata.ec2;

import io.strata.service.RegionPermits;
import io.strata.service.Step;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Copies a recovery point's snapshots and AMI to other regions, each call made in the destination
 * region. A copy holds one of the destination's permits until it is complete (AWS limits copies in
 * flight per destination region); copies already made by a previous attempt are found by tag.
 */
final class Ec2Copies {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Copies.class);

    private final Function<Region, Ec2Client> clients;
    private final Ec2Settings settings;
    private final RegionPermits permits;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;

    Ec2Copies(Function<Region, Ec2Client> clients, Ec2Settings settings, RegionPermits permits, Throttled throttled,
              Waiter.Bounded waiter) {
        this.clients = clients;
        this.settings = settings;
        this.permits = permits;
        this.throttled = throttled;
        this.waiter = waiter;
    }

    /** device → copied snapshot id in {@code destination}. */
    Map<String, String> snapshots(StrataTags own, InstanceConfig config, String source,
                                  Map<String, String> byDevice, List<Snapshot> described, String destination) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(byDevice.size(),
                settings.maxConcurrentCopies())));
        try {
            Map<String, CompletableFuture<String>> copies = new TreeMap<>();
            byDevice.forEach((device, snapshotId) -> {
                boolean encrypted = described.stream().filter(s -> s.snapshotId().equals(snapshotId))
                        .anyMatch(s -> Boolean.TRUE.equals(s.encrypted()));
                copies.put(device, CompletableFuture.supplyAsync(() -> permits.run(destination,
                        () -> copySnapshot(own, config, source, snapshotId, encrypted, destination)), pool));
            });
            Map<String, String> copied = new TreeMap<>();
            copies.forEach((device, copy) -> copied.put(device, join(copy)));
            return copied;
        } finally {
            pool.shutdownNow();
        }
    }

    private String copySnapshot(StrataTags own, InstanceConfig config, String source, String snapshotId,
                                boolean encrypted, String destination) {
        String key = own.recoveryPoint();
        Ec2Client ec2 = clients.apply(Region.of(destination));
        Ec2Snapshots there = new Ec2Snapshots(ec2, destination, throttled, waiter);
        List<Snapshot> existing = there.tagged(List.of(Tags.recoveryPoint(key), Tags.source(snapshotId)));
        String copyId;
        if (!existing.isEmpty()) {
            copyId = existing.get(0).snapshotId();
        } else {
            var tags = own.with(config.tags(), Map.of(Tags.SOURCE, snapshotId, Tags.KIND, "volume"));
            String kms = settings.copyKmsKeyIds().get(destination);
            copyId = Step.run("CopySnapshot " + snapshotId + " " + source + " -> " + destination,
                    () -> throttled.call(() -> ec2.copySnapshot(r -> {
                // DestinationRegion is named, not left to the SDK's presigning interceptor, which would
                // parse it from the endpoint's host name and fails behind an endpoint override.
                r.sourceRegion(source).destinationRegion(destination).sourceSnapshotId(snapshotId)
                        .description("Strata " + key + " from " + source)
                        .tagSpecifications(Tags.spec(ResourceType.SNAPSHOT, tags));
                if (encrypted) {
                    r.encrypted(true).kmsKeyId(kms);
                }
            })).snapshotId());
            LOG.info("CopySnapshot {} {} -> {} {}", source, snapshotId, destination, copyId);
        }
        there.awaitCompleted(List.of(copyId));
        return copyId;
    }

    /** The copied AMI's id in {@code destination}. */
    String image(StrataTags own, String stamp, InstanceConfig config, String source, String imageId,
                 boolean encrypted, String destination) {
        String key = own.recoveryPoint();
        return permits.run(destination, () -> {
            Ec2Client ec2 = clients.apply(Region.of(destination));
            Ec2Images there = new Ec2Images(ec2, destination, throttled, waiter);
            List<Image> existing = there.tagged(List.of(Tags.recoveryPoint(key), Tags.source(imageId)));
            String copyId;
            if (!existing.isEmpty()) {
                copyId = existing.get(0).imageId();
            } else {
                var tags = own.with(config.tags(), Map.of(Tags.SOURCE, imageId, Tags.KIND, "image"));
                String kms = settings.copyKmsKeyIds().get(destination);
                copyId = Step.run("CopyImage " + imageId + " " + source + " -> " + destination,
                        () -> throttled.call(() -> ec2.copyImage(r -> {
                    r.sourceRegion(source).sourceImageId(imageId).name(Ec2Images.name(config.instanceId(), stamp))
                            .description("Strata " + key + " from " + source)
                            .tagSpecifications(Tags.spec(ResourceType.IMAGE, tags), Tags.spec(ResourceType.SNAPSHOT, tags));
                    if (encrypted) {
                        r.encrypted(true).kmsKeyId(kms);
                    }
                })).imageId());
                LOG.info("CopyImage {} {} -> {} {}", source, imageId, destination, copyId);
            }
            there.awaitAvailable(copyId);
            return copyId;
        });
    }

    private static String join(CompletableFuture<String> copy) {
        try {
            return copy.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
