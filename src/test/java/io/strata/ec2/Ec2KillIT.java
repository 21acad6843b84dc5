package io.strata.ec2;

import io.strata.exit.ExitCode;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real {@code strata backup} process (a child JVM reaching the fake EC2 world over loopback HTTP)
 * stopped by SIGTERM or killed with -9 while it waits for its snapshots (issue 14, point 12): SIGTERM
 * ends it within seconds with a failure that says what was left; after either, the next backup of
 * the instance, once the lease has lapsed, leaves no Strata-tagged snapshot or AMI that no committed
 * recovery point names, and no uncommitted folder in the vault.
 */
class Ec2KillIT {

    /** The next backup's view of a lease: dead after 10 s of silence (the child renews every minute). */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(500), Duration.ofSeconds(10));

    private static StrataProcess backup(Ec2Fixture f, String instanceId) throws Exception {
        return StrataProcess.start(f.vault.bucket(), List.of("-Dstrata.aws.endpoint.ec2=" + f.world.serve(),
                "-Dstrata.ec2.poll-interval-ms=200"), "backup", "ec2:instance/" + instanceId);
    }

    /** The child is waiting: its snapshots exist (pending), and its lease is in the vault. */
    private static String waiting(Ec2Fixture f, StrataProcess child) throws Exception {
        assertTrue(child.await(() -> !f.world.snapshotTags(Ec2Fixture.HOME).isEmpty(), 180_000), child.said());
        String folder = f.world.snapshotTags(Ec2Fixture.HOME).values().iterator().next().get(Tags.RECOVERY_POINT);
        assertTrue(keys(f, folder).contains(folder + "in-progress.json"), "the lease was written before the snapshots");
        return folder;
    }

    private static List<String> keys(Ec2Fixture f, String prefix) {
        return f.vault.s3().listObjectsV2Paginator(r -> r.bucket(f.vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The next backup, once the lease has lapsed: it commits, and only committed folders are left. */
    private static void nextBackupLeavesNothingBehind(Ec2Fixture f, String instanceId) throws Exception {
        f.world.pollsToComplete = 2;
        RecoveryPoint next = f.service(Clock.systemUTC(), FAST, new StopSignal()).backup("instance/" + instanceId, null);

        assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME));
        String resource = RecoveryPointKey.resourcePrefix(f.vault.prefix(), "ec2", Ec2Fixture.HOME, "instance/" + instanceId);
        assertTrue(keys(f, resource).stream().allMatch(k -> k.startsWith(next.key())), "only the committed folder: "
                + keys(f, resource));
    }

    @Test
    void sigtermMidWaitExitsWithinTenSecondsAndSaysWhatItLeft() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);
            f.world.pollsToComplete = Integer.MAX_VALUE; // pending until stopped
            StrataProcess child = backup(f, id);
            try {
                waiting(f, child);

                long signalled = System.nanoTime();
                child.process().destroy(); // SIGTERM
                // The bound; the stop itself takes one poll (200 ms) and the cleanup a few calls.
                assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM: " + child.said());
                LoggerFactory.getLogger(getClass()).info("SIGTERM mid-wait: exited after {} s",
                        String.format("%.2f", (System.nanoTime() - signalled) / 1e9));

                assertEquals(ExitCode.FAILED.code(), child.process().exitValue(), child.said());
                String out = child.stdout();
                assertTrue(out.contains("FAIL  ec2:instance/" + id), out);
                assertTrue(out.contains("Backup of instance " + id + " stopped, nothing committed: stopped while waiting "
                        + "for snapshots [snap-"), out);
                assertTrue(out.contains("deleted snapshot snap-"), "what it made is named: " + out);
                nextBackupLeavesNothingBehind(f, id);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void killedMidWaitItsSnapshotsAreDeletedByTheNextBackupOnceItsLeaseLapsed() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);
            f.world.pollsToComplete = Integer.MAX_VALUE;
            StrataProcess child = backup(f, id);
            try {
                String folder = waiting(f, child);

                child.process().destroyForcibly(); // kill -9: no cleanup, no lease deleted
                assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
                assertFalse(Ec2Orphans.of(f, Ec2Fixture.HOME).isEmpty(), "the kill left its snapshots");
                assertTrue(keys(f, folder).contains(folder + "in-progress.json"), "and its lease");

                Thread.sleep(FAST.staleAfter().plusSeconds(1).toMillis()); // the lease lapses
                nextBackupLeavesNothingBehind(f, id);
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
