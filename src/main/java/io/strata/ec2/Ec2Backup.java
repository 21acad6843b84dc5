package io.strata.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.service.RegionPermits;
import io.strata.service.Step;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.stream.DigestingInputStream;
import io.strata.version.StrataVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * One instance to one committed recovery point, in the steps {@code backup-ec2} shows: snapshots (and an
 * AMI), copies, {@code instance.json} then the descriptor. Every step finds what an earlier attempt of the
 * same key made, so a retry of the same recovery point makes nothing twice.
 */
final class Ec2Backup {

    static final String CONFIG_FILE = "instance.json";
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Backup.class);

    private final Function<Region, Ec2Client> clients;
    private final String region;
    private final Vault vault;
    private final Ec2Settings settings;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;
    private final RegionPermits permits;
    private final Clock clock;
    private final AttemptTiming timing;

    Ec2Backup(Function<Region, Ec2Client> clients, String region, Vault vault, Ec2Settings settings, Throttled throttled,
              Waiter.Bounded waiter, RegionPermits permits, Clock clock, AttemptTiming timing) {
        this.clients = clients;
        this.region = region;
        this.vault = vault;
        this.settings = settings;
        this.throttled = throttled;
        this.waiter = waiter;
        this.permits = permits;
        this.clock = clock;
        this.timing = timing;
    }

    RecoveryPointKey newKey(String instanceId) {
        return RecoveryPointKey.create(vault.prefix(), Ec2Service.NAME, region, "instance/" + instanceId, clock.instant());
    }

    /** One attempt at the recovery point {@code key} of {@code instance}: {@link #snapshot}, {@link #copy}, {@link #commit}. */
    RecoveryPoint run(RecoveryPointKey key, Instance instance, String plan, AttemptLease lease) {
        return commit(copy(snapshot(key, instance, plan)), lease);
    }

    /** What an attempt has made so far: the home region's snapshots (and AMI), then their copies. */
    record Made(RecoveryPointKey key, String plan, Instant started, InstanceConfig config, StrataTags own,
                Map<String, String> byDevice, Map<String, Map<String, String>> snapshotsByRegion, Map<String, String> images) {
    }

    /**
     * The volumes' snapshots (and an AMI) in the home region, each found again if an earlier attempt of
     * {@code key} made it; fails when they would not hold the instance as {@code instance.json} lists it.
     */
    Made snapshot(RecoveryPointKey key, Instance instance, String plan) {
        Instant started = clock.instant();
        Ec2Client home = clients.apply(Region.of(region));
        String id = key.prefix();
        StrataTags own = new StrataTags(id, plan, vault.bucket());
        InstanceConfig config = Step.run("DescribeVolumes/DescribeInstanceAttribute " + instance.instanceId() + " in "
                + region, () -> new InstanceConfigReader(home).read(instance, region));
        Ec2Snapshots snapshots = new Ec2Snapshots(home, region, throttled, waiter);
        Map<String, String> byDevice = snapshots.ensure(own, config, settings.excludeBootVolume());
        List<String> gaps = snapshots.coverage(id, config, settings.excludeBootVolume(), byDevice);
        if (!gaps.isEmpty()) {
            throw new IllegalStateException("Recovery point " + id + " would not hold instance " + config.instanceId()
                    + " as instance.json lists it: " + String.join("; ", gaps));
        }
        Map<String, String> images = new TreeMap<>();
        if (settings.createImage()) {
            images.put(region, new Ec2Images(home, region, throttled, waiter).ensure(own, key.stamp(), config,
                    settings.reboot()));
        }
        return new Made(key, plan, started, config, own, byDevice, new TreeMap<>(Map.of(region, byDevice)), images);
    }

    /** The snapshots (and the AMI) copied to each of the plan's other regions. */
    Made copy(Made made) {
        Ec2Client home = clients.apply(Region.of(region));
        InstanceConfig config = made.config();
        boolean encrypted = config.blockDevices().stream().anyMatch(d -> Boolean.TRUE.equals(d.encrypted()));
        Ec2Copies copies = new Ec2Copies(clients, settings, permits, throttled, waiter);
        List<Snapshot> described = new Ec2Snapshots(home, region, throttled, waiter).describe(made.byDevice().values());
        for (String destination : settings.copyRegionsOf(made.plan())) {
            if (destination.equals(region)) {
                continue;
            }
            made.snapshotsByRegion().put(destination, copies.snapshots(made.own(), config, region, made.byDevice(),
                    described, destination));
            if (made.images().containsKey(region)) {
                made.images().put(destination, copies.image(made.own(), made.key().stamp(), config, region,
                        made.images().get(region), encrypted, destination));
            }
        }
        return made;
    }

    /**
     * {@code instance.json}, then the descriptor: it commits only if {@code lease} (taken before anything
     * was made) never lapsed for long enough that a sweep may have taken this attempt for dead and
     * deleted what it made.
     */
    RecoveryPoint commit(Made made, AttemptLease lease) {
        RecoveryPointKey key = made.key();
        InstanceConfig config = made.config();
        DataFile configFile = putConfig(key, config);
        Ec2Details details = new Ec2Details(config.instanceId(), configFile.key(), config.tags(), made.snapshotsByRegion(),
                made.images(), settings.excludeBootVolume());
        RecoveryPoint point = new RecoveryPoint(StrataVersion.get(), key.prefix(), Ec2Service.NAME + ":instance/"
                + config.instanceId(), Ec2Service.NAME, region, made.plan(), "snapshot", made.started(), clock.instant(),
                made.byDevice().size(), configFile.bytes(), null, List.of(configFile), null, details.toJson());
        lease.checkHeld(timing.staleAfter());
        vault.checkStored(configFile.key(), configFile.bytes());
        vault.commit(point);
        LOG.info("Backed up {}: snapshots {}, AMIs {} -> s3://{}/{}", config.instanceId(), made.snapshotsByRegion(),
                made.images(), vault.bucket(), key.prefix());
        return point;
    }

    /** {@code instance.json} in the recovery point's folder, with the digests verify checks again. */
    private DataFile putConfig(RecoveryPointKey key, InstanceConfig config) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the configuration of " + config.instanceId(), e);
        }
        String objectKey = key.prefix() + CONFIG_FILE;
        vault.putBytes(objectKey, bytes, "application/json");
        try (DigestingInputStream digest = new DigestingInputStream(new ByteArrayInputStream(bytes))) {
            var result = digest.drain().result();
            return new DataFile(objectKey, 0, result.bytes(), null, result.md5Base64(), result.sha256Hex());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
