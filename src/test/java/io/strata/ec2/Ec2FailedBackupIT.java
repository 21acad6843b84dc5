package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2.Failure;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed EC2 backup leaves nothing behind (issue 14, points 3 and 4): the snapshots, copies and
 * AMIs its attempts made are deleted, what cannot be deleted is named and deleted by the next backup
 * of the instance, and the failure names the step and AWS's error.
 */
class Ec2FailedBackupIT {

    private static final Failure INTERNAL_ERROR = new Failure(500, "InternalError",
            "We encountered an internal error. Please try again.");

    @Test
    void aFailedCreateImageLeavesNoSnapshotAndSaysWhy() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(3);
            // Every attempt (strata.ec2.attempts=2), through the SDK's own retries of a 500.
            f.world.failNext("CreateImage", 100, INTERNAL_ERROR);

            var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/" + id, "nightly"));
            f.world.clearFailures("CreateImage");

            assertTrue(e.getMessage().contains("CreateImage " + id + " in us-east-1: InternalError: We encountered an "
                    + "internal error. Please try again."), e.getMessage());
            assertEquals(4, f.world.calls.stream().filter(c -> c.startsWith("us-east-1 DeleteSnapshot")).count(),
                    "the 4 volume snapshots it made were deleted: " + f.world.calls);
            assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME, Ec2Fixture.DR));
            assertTrue(f.world.snapshotTags(Ec2Fixture.HOME).isEmpty());
            assertTrue(f.vault.list(p -> true).points().isEmpty(), "nothing committed");
        }
    }

    @Test
    void copiesAndAnAmiMadeBeforeTheFailureAreDeletedInEveryRegion() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(2);
            f.world.failNext("CopyImage", 2, new Failure(400, "InvalidParameterValue", "Invalid value for KmsKeyId"));

            var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/" + id, "dr"));

            assertTrue(e.getMessage().contains("CopyImage ami-"), e.getMessage());
            assertTrue(e.getMessage().contains("us-east-1 -> eu-west-1: InvalidParameterValue: Invalid value for KmsKeyId"),
                    e.getMessage());
            assertTrue(f.world.calls.stream().anyMatch(c -> c.startsWith("eu-west-1 CopySnapshot")), "copies were made");
            assertTrue(f.world.calls.stream().anyMatch(c -> c.startsWith("us-east-1 DeregisterImage")), f.world.calls.toString());
            assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME, Ec2Fixture.DR));
        }
    }

    @Test
    void aCleanupThatFailsSaysWhatItLeftAndTheNextBackupDeletesIt() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(1);
            f.world.failNext("CreateImage", 100, INTERNAL_ERROR);
            f.world.failNext("DeleteSnapshot", 100, new Failure(503, "Unavailable", "The service is unavailable."));

            var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/" + id, "nightly"));
            f.world.clearFailures("CreateImage");
            f.world.clearFailures("DeleteSnapshot");

            assertTrue(e.getMessage().contains("Unavailable: The service is unavailable."), e.getMessage());
            assertTrue(e.getMessage().contains("will be deleted by the next backup of ec2:instance/" + id), e.getMessage());
            List<String> left = Ec2Orphans.of(f, Ec2Fixture.HOME);
            assertEquals(2, left.size(), left.toString());

            RecoveryPoint next = f.service.backup("instance/" + id, "nightly");

            assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME, Ec2Fixture.DR));
            assertEquals(2 + 2, f.world.snapshotTags(Ec2Fixture.HOME).size(), "only the new recovery point's: "
                    + f.world.snapshotTags(Ec2Fixture.HOME));
            assertTrue(f.service.verify(f.vault, next).ok());
        }
    }

    @Test
    void theRunReportNamesTheStepTheAwsErrorAndTheExceptionClass() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String coded = f.instance(1);
            String bare = f.instance(1);
            // Coded: an AWS error code and message. Bare: an HTTP 500 with no AWS error in its body.
            f.world.failNext("CreateImage", 100, INTERNAL_ERROR);

            RunReport report;
            PlanCatalog plans = PlanCatalog.from(f.settings.properties(), Services.selectors()::parse);
            var services = Services.registry(f.clients, f.vault, f.settings, Clock.systemUTC(), new StopSignal());
            try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), f.settings, plans, services,
                    f.vault, Clock.systemUTC(), new StopSignal()).runtime().start()) {
                // One at a time: the failures are queued per operation, not per instance.
                report = runtime.run(BackupRequest.of(BackupRequest.CLI, "nightly", List.of(
                        Services.selectors().parse("ec2:instance/" + coded)), Instant.now()));
                f.world.clearFailures("CreateImage");
                f.world.failNext("CreateSnapshots", 100, new Failure(500, null, null));
                RunReport second = runtime.run(BackupRequest.of(BackupRequest.CLI, "nightly", List.of(
                        Services.selectors().parse("ec2:instance/" + bare)), Instant.now()));
                f.world.clearFailures("CreateSnapshots");
                ResourceOutcome codedOutcome = report.outcomes().get(0);
                ResourceOutcome bareOutcome = second.outcomes().get(0);

                assertFalse(codedOutcome.success());
                assertTrue(codedOutcome.error().contains("CreateImage " + coded + " in us-east-1: InternalError: We "
                        + "encountered an internal error. Please try again."), codedOutcome.error());
                assertTrue(codedOutcome.error().contains("[Ec2Exception, HTTP 500"), codedOutcome.error());
                assertTrue(report.summary().contains("FAIL  ec2:instance/" + coded), report.summary());
                assertTrue(report.summary().contains("CreateImage " + coded + " in us-east-1: InternalError"),
                        report.summary());

                assertFalse(bareOutcome.success());
                assertTrue(bareOutcome.error().contains("CreateSnapshots " + bare + " in us-east-1: HTTP 500 from Ec2 "
                        + "without an AWS error code or message"), bareOutcome.error());
                assertTrue(bareOutcome.error().contains("[Ec2Exception, HTTP 500"), bareOutcome.error());
                assertFalse(bareOutcome.error().contains("null"), bareOutcome.error());
                StringBuilder stored = new StringBuilder();
                f.vault.s3().listObjectsV2(l -> l.bucket(f.vault.bucket()).prefix("strata/runs/")).contents().forEach(o ->
                        stored.append(f.vault.s3().getObjectAsBytes(r -> r.bucket(f.vault.bucket()).key(o.key())).asUtf8String()));
                assertTrue(stored.toString().contains("CreateImage " + coded + " in us-east-1: InternalError"), stored.toString());
                assertTrue(stored.toString().contains("CreateSnapshots " + bare + " in us-east-1: HTTP 500 from Ec2"),
                        stored.toString());
            }
            assertEquals(List.of(), Ec2Orphans.of(f, Ec2Fixture.HOME));
        }
    }

    @Test
    void theRouteRetriesAFailedAttemptWholeOnTheSameKey() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(2);
            // Not a throttle and not a 5xx: neither the SDK nor Strata's backoff retries it, the route's loop does.
            f.world.failNext("CreateImage", 1, new Failure(400, "InvalidParameterValue", "refused once on purpose"));

            PlanCatalog plans = PlanCatalog.from(f.settings.properties(), Services.selectors()::parse);
            var services = Services.registry(f.clients, f.vault, f.settings, Clock.systemUTC(), new StopSignal());
            RunReport report;
            try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), f.settings, plans, services,
                    f.vault, Clock.systemUTC(), new StopSignal()).runtime().start()) {
                report = runtime.run(BackupRequest.of(BackupRequest.CLI, "nightly", List.of(
                        Services.selectors().parse("ec2:instance/" + id)), Instant.now()));
            }

            ResourceOutcome outcome = report.outcomes().get(0);
            assertTrue(outcome.success(), String.valueOf(outcome.error()));
            // The second attempt found the first one's snapshots under the same key: one CreateSnapshots, one folder.
            assertEquals(1, f.world.calls.stream().filter(c -> c.contains("CreateSnapshots")).count(), f.world.calls.toString());
            List<String> folders = f.vault.s3().listObjectsV2(l -> l.bucket(f.vault.bucket()).prefix(f.vault.prefix() + "strata/ec2/"))
                    .contents().stream().map(o -> o.key().substring(0, o.key().lastIndexOf('/') + 1)).distinct().toList();
            assertEquals(List.of(outcome.recoveryPoint()), folders);
            RecoveryPoint point = f.vault.read(RecoveryPointKey.parse(outcome.recoveryPoint()));
            assertEquals(1, Ec2Details.of(point).images().size());
        }
    }
}
