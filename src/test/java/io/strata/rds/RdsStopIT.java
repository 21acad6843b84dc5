package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.StrataSettings;
import io.strata.service.BackupService;
import io.strata.service.StopSignal;
import io.strata.vault.RecoveryPoint;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stop (SIGTERM, Ctrl-C) while an RDS backup waits for its snapshot (issue 14, point 12): the wait
 * ends within seconds, the failure says which snapshot was left creating and who deletes it, and the
 * next backup of the instance deletes it, so that no Strata-tagged snapshot outlives its attempt.
 */
class RdsStopIT {

    private RdsFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aStopDuringTheSnapshotWaitEndsWithinSecondsAndTheNextBackupDeletesWhatWasLeft() throws Exception {
        f = new RdsFixture("strata.rds.poll-interval", "200ms", "strata.plan.nightly.copy-to-region", WEST);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.pollsToAvailable = Integer.MAX_VALUE; // creating until the stop
        StopSignal stop = new StopSignal();
        StrataSettings settings = StrataSettings.from(f.properties);
        // The registry the CLI and the daemon build, with their stop signal.
        BackupService rds = Services.registry(f.clients, f.vault, settings, Clock.systemUTC(), stop).get("rds");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<RecoveryPoint> backup = background.submit(() -> rds.backup("instance/prod-db", "nightly"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (f.world.all("snapshot", HOME).isEmpty() && !backup.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(f.world.all("snapshot", HOME).isEmpty(), "the snapshot is being made");
            String folder = f.world.all("snapshot", HOME).get(0).tags.get("strata:recovery-point");
            assertTrue(f.vault.s3().listObjectsV2(r -> r.bucket(f.vault.bucket()).prefix(folder)).contents().stream()
                    .anyMatch(o -> o.key().equals(folder + "in-progress.json")), "the lease is in the vault while it waits");

            long stopped = System.nanoTime();
            stop.request();
            var failure = assertThrows(ExecutionException.class, () -> backup.get(10, TimeUnit.SECONDS),
                    "a stop ends the wait within one poll (200 ms here)");
            double seconds = (System.nanoTime() - stopped) / 1e9;

            String message = failure.getCause().getMessage();
            assertTrue(seconds < 10, "stopped after " + seconds + " s");
            assertTrue(message.contains("Backup of rds:instance/prod-db stopped, nothing committed"), message);
            assertTrue(message.contains("stopped while waiting for Snapshot strata-instance-prod-db-"), message);
            // RDS deletes a snapshot only once it is available: the one still creating is named, with who deletes it.
            assertTrue(message.contains("(creating) in us-east-1: InvalidDBSnapshotState"), message);
            assertTrue(message.contains("it will be deleted by the next backup of rds:instance/prod-db"), message);

            f.world.pollsToAvailable = 1; // RDS finishes the snapshot in its own time
            f.world.addInstance(HOME, "other-db", "postgres", "db.r6g.large", false, Map.of());
            rds.backup("instance/other-db", "nightly");
            assertEquals(1, RdsOrphans.of(f.world, f.vault, HOME, WEST).size(), "another instance's backup leaves it");

            rds.backup("instance/prod-db", "nightly");

            assertEquals(List.of(), RdsOrphans.of(f.world, f.vault, HOME, WEST));
        } finally {
            f.world.pollsToAvailable = 1; // a backup that ignored the stop finishes, and the test ends
            background.shutdown();
            background.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
