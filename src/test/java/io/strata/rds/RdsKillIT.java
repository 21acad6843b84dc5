package io.strata.rds;

import io.strata.exit.ExitCode;
import static io.strata.rds.RdsFixture.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.exit.ExitCode;
import io.strata.service.StopSignal;
import io.strata.support.StrataProcess;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real {@code strata backup} process (a child JVM reaching the fake RDS world over loopback HTTP)
 * stopped by SIGTERM or killed with -9 while its snapshot is still creating (issue 14, point 12):
 * SIGTERM ends it within seconds and names the snapshot RDS would not delete yet; after either, the
 * next backup of the instance, once the lease has lapsed, leaves no Strata-tagged snapshot that no
 * committed recovery point names, and no uncommitted folder in the vault.
 */
class RdsKillIT {

    /** The next backup's view of a lease: dead after 10 s of silence (the child renews every minute). */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(500), Duration.ofSeconds(10));

    private RdsFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    private StrataProcess backup() throws Exception {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.pollsToAvailable = Integer.MAX_VALUE; // creating until the child is stopped
        StrataProcess child = StrataProcess.start(f.vault.bucket(), List.of("-Dstrata.aws.endpoint.rds=" + f.world.serve(),
                "-Dstrata.rds.poll-interval=200ms"), "backup", "rds:instance/prod-db");
        assertTrue(child.await(() -> !f.world.all("snapshot", HOME).isEmpty(), 180_000), child.said());
        String folder = f.world.all("snapshot", HOME).get(0).tags.get("strata:recovery-point");
        assertTrue(keys(folder).contains(folder + "in-progress.json"), "the lease was written before the snapshot");
        return child;
    }

    private List<String> keys(String prefix) {
        return f.vault.s3().listObjectsV2Paginator(r -> r.bucket(f.vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** RDS finishes the snapshot in its own time; the next backup, once the lease has lapsed, deletes it. */
    private void nextBackupLeavesNothingBehind() {
        f.world.pollsToAvailable = 1;
        RdsService service = new RdsService(f.clients::rds, f.clients.region(), f.vault, RdsSettings.from(f.properties),
                Clock.systemUTC(), FAST, new StopSignal());
        RecoveryPoint next = service.backup("instance/prod-db", null);

        assertEquals(List.of(), RdsOrphans.of(f.world, f.vault, HOME));
        String resource = RecoveryPointKey.resourcePrefix(f.vault.prefix(), "rds", HOME, "instance/prod-db");
        assertTrue(keys(resource).stream().allMatch(k -> k.startsWith(next.key())), "only the committed folder: "
                + keys(resource));
    }

    @Test
    void sigtermMidWaitExitsWithinTenSecondsAndNamesTheSnapshotItLeft() throws Exception {
        f = new RdsFixture();
        StrataProcess child = backup();
        try {
            long signalled = System.nanoTime();
            child.process().destroy(); // SIGTERM
            // The bound; the stop itself takes one poll (200 ms) and the cleanup a few calls.
            assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM: " + child.said());
            LoggerFactory.getLogger(getClass()).info("SIGTERM mid-wait: exited after {} s",
                    String.format("%.2f", (System.nanoTime() - signalled) / 1e9));

            assertEquals(ExitCode.FAILED.code(), child.process().exitValue(), child.said());
            String out = child.stdout();
            assertTrue(out.contains("FAIL  rds:instance/prod-db"), out);
            assertTrue(out.contains("Backup of rds:instance/prod-db stopped, nothing committed"), out);
            assertTrue(out.contains("(creating) in us-east-1: InvalidDBSnapshotState"), out);
            assertTrue(out.contains("it will be deleted by the next backup of rds:instance/prod-db"), out);
            nextBackupLeavesNothingBehind();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void killedMidWaitItsSnapshotIsDeletedByTheNextBackupOnceItsLeaseLapsed() throws Exception {
        f = new RdsFixture();
        StrataProcess child = backup();
        try {
            child.process().destroyForcibly(); // kill -9: no cleanup, no lease deleted
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
            assertFalse(RdsOrphans.of(f.world, f.vault, HOME).isEmpty(), "the kill left its snapshot");

            Thread.sleep(FAST.staleAfter().plusSeconds(1).toMillis()); // the lease lapses
            nextBackupLeavesNothingBehind();
        } finally {
            child.destroyForcibly();
        }
    }
}
