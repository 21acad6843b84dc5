package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.support.FakeRds;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an RDS backup killed mid-wait leaves (its lease, never renewed again, and its snapshot and
 * copies) is deleted by the next backup of that instance once the lease has lapsed, and by the
 * archive pass for any source (issue 14, point 12), and nothing else: not a committed recovery
 * point's, a running attempt's, another vault's, or a snapshot whose id is not the one Strata
 * derives from the folder its tag names. The state a kill -9 leaves is planted as that process
 * left it; the kill itself is in {@code RdsKillIT}.
 */
class RdsAbandonedAttemptsIT {

    /** Shortened as the DynamoDB tests shorten it, with room for a loaded machine (see Ec2AbandonedAttemptsIT). */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(500), Duration.ofSeconds(10));

    private RdsFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theNextBackupDeletesADeadAttemptsSnapshotsAndNothingElse() throws Exception {
        f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.addInstance(HOME, "other-db", "postgres", "db.r6g.large", false, Map.of());
        RdsService service = new RdsService(f.clients::rds, f.clients.region(), f.vault, RdsSettings.from(f.properties),
                Clock.systemUTC(), FAST, new StopSignal());
        RecoveryPoint committed = service.backup("instance/prod-db", "nightly");

        RecoveryPointKey dead = plantedAttempt("instance/prod-db");
        String deadId = SnapshotIds.snapshot(dead);
        snapshot(HOME, "prod-db", deadId, dead.prefix(), f.vault.bucket());
        snapshot(WEST, "prod-db", deadId, dead.prefix(), f.vault.bucket());
        // Never another's: another vault's, an older version's (no vault tag), an id that is not the folder's.
        RecoveryPointKey foreign = plantedAttempt("instance/prod-db");
        snapshot(HOME, "prod-db", SnapshotIds.snapshot(foreign), foreign.prefix(), "someone-elses-vault");
        RecoveryPointKey legacy = plantedAttempt("instance/prod-db");
        snapshot(HOME, "prod-db", SnapshotIds.snapshot(legacy), legacy.prefix(), null);
        RecoveryPointKey renamed = plantedAttempt("instance/prod-db");
        snapshot(HOME, "prod-db", "hand-made-copy", renamed.prefix(), f.vault.bucket());
        RecoveryPointKey otherDead = plantedAttempt("instance/other-db");
        snapshot(HOME, "other-db", SnapshotIds.snapshot(otherDead), otherDead.prefix(), f.vault.bucket());
        Thread.sleep(FAST.staleAfter().plusMillis(500).toMillis()); // the planted leases lapse
        RecoveryPointKey running = RecoveryPointKey.create(f.vault.prefix(), "rds", HOME, "instance/prod-db", Instant.now());
        try (AttemptLease lease = AttemptLease.take(f.vault, running.prefix(), FAST, Clock.systemUTC())) {
            snapshot(HOME, "prod-db", SnapshotIds.snapshot(running), running.prefix(), f.vault.bucket());

            RecoveryPoint next = service.backup("instance/prod-db", "nightly");

            assertTrue(f.world.find("snapshot", HOME, deadId).isEmpty(), "the dead attempt's snapshot was deleted");
            assertTrue(f.world.find("snapshot", WEST, deadId).isEmpty(), "and its copy");
            for (RecoveryPointKey kept : List.of(foreign, legacy, running, otherDead)) {
                assertTrue(f.world.find("snapshot", HOME, SnapshotIds.snapshot(kept)).isPresent(), kept.prefix());
            }
            assertTrue(f.world.find("snapshot", HOME, "hand-made-copy").isPresent());
            for (RecoveryPoint point : List.of(committed, next)) {
                assertTrue(service.verify(f.vault, point).ok(), service.verify(f.vault, point).problems().toString());
            }

            assertEquals(1, service.sweepAbandonedAttempts(), "the archive pass sweeps every source");
            assertFalse(f.world.find("snapshot", HOME, SnapshotIds.snapshot(otherDead)).isPresent());
            for (RecoveryPointKey kept : List.of(foreign, legacy, running)) {
                assertTrue(f.world.find("snapshot", HOME, SnapshotIds.snapshot(kept)).isPresent(), kept.prefix());
            }
            assertTrue(service.verify(f.vault, committed).ok());
        }
    }

    /** The lease a killed attempt left: written once, never renewed, never deleted. */
    private RecoveryPointKey plantedAttempt(String resource) {
        RecoveryPointKey key = RecoveryPointKey.create(f.vault.prefix(), "rds", HOME, resource, Instant.now());
        f.vault.putControl(key.prefix() + AttemptLease.NAME, Map.of("startedAt", Instant.now().toString(),
                "renewedAt", Instant.now().toString(), "pid", 1));
        return key;
    }

    private void snapshot(String region, String source, String id, String folder, String vault) {
        Map<String, String> tags = new HashMap<>(Map.of("strata:recovery-point", folder, "strata:plan", "nightly"));
        if (vault != null) {
            tags.put("strata:vault", vault);
        }
        FakeRds.Thing made = f.world.addManualSnapshot(region, "snapshot", id, source, tags);
        assertEquals("available", made.status);
    }
}
