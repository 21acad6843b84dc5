package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.ec2.Ec2Details;
import io.strata.plan.PlanCatalog;
import io.strata.rds.RdsDetails;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.support.FakeEc2;
import io.strata.support.FakeRds;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A plan with {@code copy-to-region} over a tagged EC2 instance and an RDS database, run through the
 * routes with the real SDK clients pointed at the fakes by endpoint override (as at LocalStack):
 * the SDK pre-signs every cross-region copy, and the copies must land in the destination region,
 * commit in the vault and verify. Issue 14: "Could not determine region for 127.0.0.1" for each
 * EC2 volume behind any endpoint override.
 */
class CopyToRegionPlanIT {

    private static final String HOME = "us-east-1";
    private static final String DR = "eu-west-1";

    @Test
    void aTaggedInstanceWithTwoDataVolumesAndADatabaseAreCopiedToTheDestinationRegion() throws Exception {
        try (FakeEc2 ec2 = new FakeEc2(HOME, DR); FakeRds rds = new FakeRds(HOME, DR)) {
            Properties properties = TestAws.properties(TestAws.unique("vault"),
                    "strata.aws.endpoint.ec2", ec2.serve().toString(), "strata.aws.endpoint.rds", rds.serve().toString(),
                    "strata.ec2.poll-interval-ms", "5", "strata.ec2.retry-base-ms", "5", "strata.rds.poll-interval", "5ms",
                    "strata.ec2.copy-kms-key-id." + DR, FakeRds.kmsKey(DR, "dr"),
                    "strata.rds.copy-kms-key-id." + DR, FakeRds.kmsKey(DR, "dr"),
                    "strata.plan.dr.cron", "0 0 2 * * ?",
                    "strata.plan.dr.resources", "ec2:tag/Backup=nightly, rds:instance/app-db",
                    "strata.plan.dr.copy-to-region", DR);
            StrataSettings settings = StrataSettings.from(properties);
            String server = ec2.instance(HOME, Map.of("Name", "web", "Backup", "nightly"), null, 2);
            // AWS requires the presigned URL for an encrypted source snapshot: one data volume is.
            ec2.encrypt(HOME, ec2.volumeOfDevice(HOME, server, "/dev/sdg"), FakeRds.kmsKey(HOME, "ebs"));
            ec2.instance(HOME, Map.of("Name", "scratch", "Backup", "never"), null, 1);
            rds.addInstance(HOME, "app-db", "postgres", "db.t4g.medium", true, Map.of("app", "shop"));

            try (AwsClients clients = TestAws.clients(settings)) {
                Vault vault = TestAws.vault(clients, settings);
                PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
                ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
                RunReport report;
                try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, services,
                        vault, Clock.systemUTC(), new StopSignal()).runtime().start()) {
                    report = runtime.run(BackupRequest.of(BackupRequest.SCHEDULE, "dr", plans.require("dr").resources(),
                            Instant.now()));
                }

                Map<String, ResourceOutcome> outcomes = report.outcomes().stream()
                        .collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
                assertEquals(Set.of("ec2:instance/" + server, "rds:instance/app-db"), outcomes.keySet(), report.summary());
                assertTrue(report.success(), report.summary());

                List<RecoveryPoint> points = vault.list(p -> "dr".equals(p.plan())).points();
                assertEquals(List.of("ec2", "rds"), points.stream().map(RecoveryPoint::service).sorted().toList());
                for (RecoveryPoint point : points) {
                    var verified = services.of(point).verify(vault, point);
                    assertTrue(verified.ok(), point.key() + ": " + verified.problems());
                }

                RecoveryPoint web = points.stream().filter(p -> p.service().equals("ec2")).findFirst().orElseThrow();
                Map<String, Map<String, String>> snapshots = Ec2Details.of(web).snapshots();
                assertEquals(Set.of("/dev/xvda", "/dev/sdf", "/dev/sdg"), snapshots.get(DR).keySet());
                Map<String, Map<String, String>> inDr = ec2.snapshotTags(DR);
                for (String copy : snapshots.get(DR).values()) {
                    assertTrue(inDr.containsKey(copy), copy + " is in " + DR);
                    assertEquals(web.key(), inDr.get(copy).get("strata:recovery-point"));
                    assertEquals("completed", ec2.snapshotState(DR, copy));
                    assertFalse(ec2.snapshotTags(HOME).containsKey(copy), "a copy exists in its destination only");
                }
                assertEquals(snapshots.get(HOME).values().stream().map(id -> DR + " " + id + " presigned for " + HOME)
                        .collect(Collectors.toSet()), Set.copyOf(ec2.presignedCopies), "each copy was presigned");

                RecoveryPoint database = points.stream().filter(p -> p.service().equals("rds")).findFirst().orElseThrow();
                RdsDetails.SnapshotRef copy = RdsDetails.of(database).in(DR).orElseThrow();
                FakeRds.Thing there = rds.find("snapshot", DR, copy.id()).orElseThrow();
                assertEquals("available", there.status);
                assertEquals(FakeRds.kmsKey(DR, "dr"), there.get("kms"));
                assertEquals(List.of(DR + " " + copy.id() + " presigned for " + HOME), rds.presignedCopies);
            }
        }
    }
}
