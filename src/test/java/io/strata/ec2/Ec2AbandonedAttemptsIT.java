package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * What a backup killed mid-wait leaves (its lease, no longer renewed, and the snapshots, copies and
 * AMI it tagged) is deleted by the next backup of the instance once the lease has lapsed, and by the
 * archive pass for any instance (issue 14, point 12); nothing else is touched: not a committed
 * recovery point's, not a running attempt's, not another vault's, not a hand-tagged one. The state a
 * kill -9 leaves is planted here as that process would have left it; the kill itself is in
 * {@code Ec2KillIT}.
 */
class Ec2AbandonedAttemptsIT {

    /**
     * A lease renewed every 500 ms and dead after 10 s of silence, shortened as the DynamoDB tests
     * shorten it, with room for a loaded machine: a backup whose renewals stall for half of it refuses to commit.
     */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void theNextBackupDeletesWhatADeadAttemptMadeAndNothingElse() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(1);
            String other = f.instance(1);
            Ec2Service service = f.service(Clock.systemUTC(), FAST, new StopSignal());
            RecoveryPoint committed = service.backup("instance/" + id, "dr");

            // A dead attempt of the instance: its last lease, snapshots, an AMI and a copy in the DR region.
            RecoveryPointKey dead = plantedAttempt(f, id);
            Set<String> deadOnes = new TreeSet<>(snapshots(f, id, Map.of(Tags.RECOVERY_POINT, dead.prefix(), Tags.VAULT,
                    f.vault.bucket())));
            String deadImage = image(f, id, dead);
            String deadCopy = copy(f, deadOnes.iterator().next(), dead);
            // Never another's: another vault's, an older version's (no vault tag), a hand-made tag that is not
            // exactly a folder, and an attempt of another instance (the archive pass's, not this backup's).
            Set<String> kept = new TreeSet<>();
            kept.addAll(snapshots(f, id, Map.of(Tags.RECOVERY_POINT, dead.prefix(), Tags.VAULT, "someone-elses-vault")));
            kept.addAll(snapshots(f, id, Map.of(Tags.RECOVERY_POINT, dead.prefix())));
            kept.addAll(snapshots(f, id, Map.of(Tags.RECOVERY_POINT, dead.prefix() + "x/", Tags.VAULT, f.vault.bucket())));
            kept.addAll(snapshots(f, id, Map.of(Tags.RECOVERY_POINT, RecoveryPointKey.resourcePrefix(f.vault.prefix(),
                    "ec2", Ec2Fixture.HOME, "instance/" + id), Tags.VAULT, f.vault.bucket())));
            RecoveryPointKey otherDead = plantedAttempt(f, other);
            Set<String> otherOnes = snapshots(f, other, Map.of(Tags.RECOVERY_POINT, otherDead.prefix(), Tags.VAULT,
                    f.vault.bucket()));
            Thread.sleep(FAST.staleAfter().plusMillis(500).toMillis()); // the dead leases lapse
            // A running attempt: its lease is fresh (renewed every 500 ms) while it waits for its snapshots.
            RecoveryPointKey running = RecoveryPointKey.create(f.vault.prefix(), "ec2", Ec2Fixture.HOME, "instance/" + id,
                    Instant.now());
            try (AttemptLease lease = AttemptLease.take(f.vault, running.prefix(), FAST, Clock.systemUTC())) {
                Set<String> runningOnes = snapshots(f, id, Map.of(Tags.RECOVERY_POINT, running.prefix(), Tags.VAULT,
                        f.vault.bucket()));

                RecoveryPoint next = service.backup("instance/" + id, "dr");

                Map<String, Map<String, String>> home = f.world.snapshotTags(Ec2Fixture.HOME);
                for (String snapshot : deadOnes) {
                    assertFalse(home.containsKey(snapshot), "the dead attempt's " + snapshot + " was deleted");
                }
                assertFalse(f.world.imageIds(Ec2Fixture.HOME).contains(deadImage));
                assertFalse(f.world.snapshotTags(Ec2Fixture.DR).containsKey(deadCopy), "its copy too");
                assertTrue(home.keySet().containsAll(kept), "another's is never deleted: " + kept);
                assertTrue(home.keySet().containsAll(runningOnes), "a running attempt's is never deleted");
                assertTrue(home.keySet().containsAll(otherOnes), "another instance's dead attempt waits for its own "
                        + "backup or the archive pass");
                for (RecoveryPoint point : List.of(committed, next)) {
                    assertTrue(service.verify(f.vault, point).ok(), service.verify(f.vault, point).problems().toString());
                }

                assertEquals(1, service.sweepAbandonedAttempts(), "the archive pass sweeps every instance");
                Map<String, Map<String, String>> after = f.world.snapshotTags(Ec2Fixture.HOME);
                assertTrue(otherOnes.stream().noneMatch(after::containsKey), "the other instance's dead attempt is gone");
                assertTrue(after.keySet().containsAll(kept) && after.keySet().containsAll(runningOnes));
                assertTrue(service.verify(f.vault, committed).ok());
            }
        }
    }

    /** The lease a killed attempt left: written once, never renewed, never deleted. */
    private static RecoveryPointKey plantedAttempt(Ec2Fixture f, String instanceId) {
        RecoveryPointKey key = RecoveryPointKey.create(f.vault.prefix(), "ec2", Ec2Fixture.HOME, "instance/" + instanceId,
                Instant.now());
        f.vault.putControl(key.prefix() + AttemptLease.NAME, Map.of("startedAt", Instant.now().toString(),
                "renewedAt", Instant.now().toString(), "pid", 1));
        return key;
    }

    private static Ec2Client home(Ec2Fixture f) {
        return f.clients.ec2(Region.of(Ec2Fixture.HOME));
    }

    /** CreateSnapshots of the instance with {@code tags} (and the instance's kind and source tags). */
    private static Set<String> snapshots(Ec2Fixture f, String instanceId, Map<String, String> tags) {
        Map<String, String> all = new HashMap<>(tags);
        all.put(Tags.KIND, "volume");
        all.put(Tags.SOURCE, instanceId);
        var specification = Tags.spec(ResourceType.SNAPSHOT, all.entrySet().stream().map(e -> software.amazon.awssdk.services
                .ec2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        Set<String> made = new TreeSet<>();
        home(f).createSnapshots(r -> r.instanceSpecification(s -> s.instanceId(instanceId)).tagSpecifications(specification))
                .snapshots().forEach(s -> made.add(s.snapshotId()));
        return made;
    }

    private static String image(Ec2Fixture f, String instanceId, RecoveryPointKey key) {
        var tags = Tags.strata(key.prefix(), "dr", f.vault.bucket(), Map.of(), Map.of(Tags.SOURCE, instanceId, Tags.KIND,
                "image"));
        return home(f).createImage(r -> r.instanceId(instanceId).name("strata-" + instanceId + "-" + key.stamp())
                .tagSpecifications(Tags.spec(ResourceType.IMAGE, tags), Tags.spec(ResourceType.SNAPSHOT, tags))).imageId();
    }

    /** The copy of {@code snapshot} in the DR region, as the dead attempt made it (the source completes first). */
    private static String copy(Ec2Fixture f, String snapshot, RecoveryPointKey key) {
        while (!"completed".equals(f.world.snapshotState(Ec2Fixture.HOME, snapshot))) {
            home(f).describeSnapshots(r -> r.snapshotIds(snapshot));
        }
        var tags = Tags.strata(key.prefix(), "dr", f.vault.bucket(), Map.of(), Map.of(Tags.SOURCE, snapshot, Tags.KIND,
                "volume"));
        return f.clients.ec2(Region.of(Ec2Fixture.DR)).copySnapshot(r -> r.sourceRegion(Ec2Fixture.HOME).destinationRegion(Ec2Fixture.DR)
                .sourceSnapshotId(snapshot).tagSpecifications(Tags.spec(ResourceType.SNAPSHOT, tags))).snapshotId();
    }
}
