package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
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
import org.junit.jupiter.api.Test;

/**
 * A stop (SIGTERM, Ctrl-C) while an EC2 backup waits for its snapshots (issue 14, point 12): the wait
 * ends within seconds, the failure says what was left, and nothing Strata-tagged outlives the attempt
 * without a committed recovery point naming it. The lease is in the vault while the snapshots exist.
 */
class Ec2StopIT {

    @Test
    void aStopDuringTheSnapshotWaitEndsTheBackupWithinSecondsAndLeavesNoOrphan() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.poll-interval-ms", "200")) {
            String id = f.instance(2);
            f.world.pollsToComplete = Integer.MAX_VALUE; // the snapshots stay pending until the stop
            StopSignal stop = new StopSignal();
            BackupService ec2 = Services.registry(f.clients, f.vault, f.settings, Clock.systemUTC(), stop).get("ec2");
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                Future<RecoveryPoint> backup = background.submit(() -> ec2.backup("instance/" + id, "nightly"));
                waitFor(() -> f.world.calls.stream().anyMatch(c -> c.contains("CreateSnapshots")), backup);
                Map<String, String> tags = f.world.snapshotTags(Ec2Fixture.HOME).values().iterator().next();
                String folder = tags.get("strata:recovery-point");
                assertTrue(f.vault.s3().listObjectsV2(r -> r.bucket(f.vault.bucket()).prefix(folder)).contents().stream()
                        .anyMatch(o -> o.key().equals(folder + "in-progress.json")), "the attempt's lease is in the vault "
                        + "while its snapshots exist");

                long stopped = System.nanoTime();
                stop.request();
                var failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> backup.get(10, TimeUnit.SECONDS), "a stop ends the wait within one poll (200 ms here)");
                double seconds = (System.nanoTime() - stopped) / 1e9;

                String message = failure.getCause().getMessage();
                assertTrue(message.contains("Backup of instance " + id + " stopped, nothing committed"), message);
                assertTrue(message.contains("stopped while waiting for snapshots [snap-"), message);
                assertTrue(message.contains("pending"), message);
                assertTrue(seconds < 10, "stopped after " + seconds + " s");
                assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME));
                assertTrue(f.vault.s3().listObjectsV2(r -> r.bucket(f.vault.bucket()).prefix(folder)).contents().isEmpty(),
                        "the stopped attempt's folder is gone");
            } finally {
                // A backup that ignored the stop fails on its vanished snapshots, and the test ends.
                f.world.snapshotTags(Ec2Fixture.HOME).keySet().forEach(s -> f.world.deleteSnapshotBehindStratasBack(
                        Ec2Fixture.HOME, s));
                background.shutdown();
                background.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Future<?> work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (work.isDone()) {
                work.get(); // throws what ended it
                throw new AssertionError("the backup ended before the condition held");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the backup to reach its wait");
            }
            Thread.sleep(20);
        }
    }
}
