package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.monitor.RestoreTestOutcome;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * EC2's restore test through {@code routes/restore-test.camel.yaml} on a {@link io.strata.support.FakeEc2} served
 * over loopback HTTP: a volume from each snapshot of the newest recovery point, available, then deleted; a volume a
 * killed test left (tagged strata:restore-test) deleted by the next pass; a snapshot gone fails the test, and the
 * volumes already made are deleted all the same.
 */
class Ec2RestoreTestIT {

    private static final String[] RESTORE_TESTS = {"strata.plan.dr.restore-test", "weekly",
            "strata.verify.cron", "0 0 5 * * ?"};

    @Test
    void aVolumeFromEachSnapshotBecomesAvailableAndIsDeletedAndALeftoverVolumeIsDeletedFirst() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture(RESTORE_TESTS)) {
            String instance = f.instance(1);
            try (StrataRuntime runtime = runtime(f)) {
                backup(f, runtime);
                String snapshot = Ec2Details.of(f.vault.list(p -> true).points().get(0)).snapshots().get(Ec2Fixture.HOME)
                        .get("/dev/sdf");
                Ec2Client ec2 = f.service.client();
                String leftover = ec2.createVolume(r -> r.snapshotId(snapshot).availabilityZone(Ec2Fixture.HOME + "a")
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(
                                Tag.builder().key(Ec2RestoreTest.TAG).value("killed").build()).build())).volumeId();
                for (int poll = 0; poll < f.world.pollsToComplete; poll++) {
                    ec2.describeVolumes(r -> r.volumeIds(leftover)); // the killed test's volume became available
                }

                List<RestoreTestOutcome> outcomes = runtime.restoreTests();

                assertEquals(1, outcomes.size(), outcomes.toString());
                RestoreTestOutcome outcome = outcomes.get(0);
                assertEquals("PASSED", outcome.status(), outcome.line());
                assertEquals("ec2:instance/" + instance, outcome.resource());
                assertTrue(outcome.result().checked().contains("/dev/sdf (" + snapshot + "): 100 GiB available")
                        && outcome.result().checked().contains("/dev/xvda"), outcome.line());
                assertEquals(2, outcome.result().scratch().size(), outcome.result().scratch().toString());
                assertEquals(List.of(), f.world.createdVolumes(Ec2Fixture.HOME));
                assertTrue(f.world.calls.contains(Ec2Fixture.HOME + " DeleteVolume " + leftover), f.world.calls.toString());
                // Passed within the plan's week: nothing is due.
                assertEquals(List.of(), runtime.restoreTests());
            }
        }
    }

    @Test
    void aSnapshotThatIsGoneFailsTheTestAndTheVolumesMadeAreDeleted() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture(RESTORE_TESTS)) {
            f.instance(1);
            try (StrataRuntime runtime = runtime(f)) {
                backup(f, runtime);
                Map<String, String> snapshots = Ec2Details.of(f.vault.list(p -> true).points().get(0)).snapshots()
                        .get(Ec2Fixture.HOME);
                f.world.deleteSnapshotBehindStratasBack(Ec2Fixture.HOME, snapshots.get("/dev/xvda"));

                RestoreTestOutcome outcome = runtime.restoreTests().get(0);

                assertEquals("FAILED", outcome.status(), outcome.line());
                assertTrue(outcome.result().reason().contains(snapshots.get("/dev/xvda")), outcome.line());
                assertEquals(1, outcome.result().scratch().size(), "the volume of /dev/sdf was made");
                assertEquals(List.of(), f.world.createdVolumes(Ec2Fixture.HOME));
            }
        }
    }

    private static StrataRuntime runtime(Ec2Fixture f) throws Exception {
        PlanCatalog plans = PlanCatalog.from(f.settings.properties(), Services.selectors()::parse);
        ServiceRegistry services = Services.registry(f.clients, f.vault, f.settings, Clock.systemUTC(), new StopSignal());
        return Composition.of(Path.of("").toAbsolutePath(), f.settings, plans, services, f.vault, Clock.systemUTC(),
                new StopSignal()).runtime().start();
    }

    private static void backup(Ec2Fixture f, StrataRuntime runtime) {
        PlanCatalog plans = PlanCatalog.from(f.settings.properties(), Services.selectors()::parse);
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, "dr", plans.require("dr").resources(),
                Instant.now()));
        assertTrue(report.success(), report.summary());
    }
}
