package io.strata.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.monitor.RestoreTestOutcome;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.FakeRds;
import io.strata.support.TestAws;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;

/**
 * RDS's restore test through {@code routes/restore-test.camel.yaml} on a {@link FakeRds} served over loopback HTTP:
 * only for a plan with {@code restore-test-rds=true}; a smallest-class instance (an Aurora cluster with one writer)
 * from the snapshot, available, then deleted; an instance a killed test left is deleted by the next pass.
 */
class RdsRestoreTestIT {

    private static final String HOME = "us-east-1";

    private final FakeRds world = new FakeRds();
    private final FakeEc2 ec2 = new FakeEc2();
    private AwsClients clients;
    private StrataRuntime runtime;

    private void open(String optIn) throws Exception {
        Properties properties = TestAws.properties(TestAws.unique("rds-proof"),
                "strata.rds.poll-interval", "5ms", "strata.rds.restore-timeout", "20s",
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "rds:instance/orders-db, rds:cluster/aurora-1",
                "strata.plan.nightly.rds.export", "false",
                "strata.plan.nightly.restore-test", "monthly",
                "strata.plan.nightly.restore-test-rds", optIn,
                "strata.verify.cron", "0 0 5 * * ?",
                "strata.aws.endpoint.rds", world.serve().toString(),
                "strata.aws.endpoint.ec2", ec2.serve().toString());
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        var vault = TestAws.vault(clients, settings);
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault, Clock.systemUTC(),
                new StopSignal()).runtime().start();
        world.addInstance(HOME, "orders-db", "postgres", "db.r6g.large", false, Map.of());
        world.addCluster(HOME, "aurora-1", "aurora-mysql", "db.r6g.large", false, Map.of());
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, "nightly",
                plans.require("nightly").resources(), Instant.now()));
        assertTrue(report.success(), report.summary());
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (clients != null) {
            clients.close();
        }
        world.close();
        ec2.close();
    }

    @Test
    void withoutTheOptInNoInstanceIsRestored() throws Exception {
        open("false");

        assertEquals(List.of(), runtime.restoreTests());
        assertEquals(List.of(), world.requests(RestoreDbInstanceFromDbSnapshotRequest.class));
    }

    @Test
    void optedInASmallestClassInstanceAndAClusterWithOneWriterBecomeAvailableAndAreDeleted() throws Exception {
        open("true");
        world.addInstance(HOME, "strata-restore-test-20200101000000", "postgres", "db.t3.micro", false, Map.of());

        List<RestoreTestOutcome> outcomes = runtime.restoreTests();

        assertEquals(2, outcomes.size(), outcomes.toString());
        outcomes.forEach(outcome -> assertEquals("PASSED", outcome.status(), outcome.line()));
        assertEquals("db.t3.micro", world.requests(RestoreDbInstanceFromDbSnapshotRequest.class).get(0).dbInstanceClass());
        assertEquals("db.t3.medium", world.requests(CreateDbInstanceRequest.class).get(0).dbInstanceClass());
        assertTrue(world.requests(DeleteDbInstanceRequest.class).stream().anyMatch(
                r -> r.dbInstanceIdentifier().equals("strata-restore-test-20200101000000")), "the leftover is deleted");
        assertTrue(world.requests(DeleteDbInstanceRequest.class).stream().allMatch(DeleteDbInstanceRequest::skipFinalSnapshot));
        assertEquals(List.of(), world.all("instance", HOME).stream().map(t -> t.id)
                .filter(id -> id.startsWith("strata-restore-test-")).toList());
        assertEquals(List.of(), world.all("cluster", HOME).stream().map(t -> t.id)
                .filter(id -> id.startsWith("strata-restore-test-")).toList());
        assertEquals(List.of(), runtime.restoreTests(), "passed within the plan's month");
    }
}
