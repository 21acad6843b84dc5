package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.FakeRds;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The YAML routes end to end: rds: selectors through direct:backup-rds into recovery points and a run report. */
class RdsRunRoutesIT {

    private final FakeRds world = new FakeRds();
    private final FakeEc2 ec2 = new FakeEc2();
    private AwsClients clients;
    private Vault vault;
    private PlanCatalog plans;
    private StrataRuntime runtime;
    private ServiceRegistry services;

    @BeforeEach
    void start() throws Exception {
        Properties properties = TestAws.properties(TestAws.unique("rds-route"),
                "strata.rds.poll-interval", "5ms",
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "rds:tag/backup=nightly, rds:instance/missing",
                "strata.plan.nightly.copy-to-region", WEST,
                "strata.plan.nightly.rds.export", "false",
                "strata.aws.endpoint.rds", world.serve().toString(),
                // The runtime binds the EC2 client bean of the camel-aws2-ec2 route: an empty EC2 world.
                "strata.aws.endpoint.ec2", ec2.serve().toString());
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        plans = PlanCatalog.from(properties, Services.selectors()::parse);
        services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, services, vault, Clock.systemUTC(), new StopSignal()).runtime().start();
        world.addInstance(HOME, "orders-db", "postgres", "db.r6g.large", false, Map.of("backup", "nightly"));
        world.addCluster(HOME, "aurora-1", "aurora-mysql", "db.r6g.large", false, Map.of());
        world.find("instance", HOME, "aurora-1-1").orElseThrow().tags.put("backup", "nightly");
        world.addInstance(HOME, "scratch", "postgres", "db.t4g.micro", false, Map.of("backup", "never"));
    }

    @AfterEach
    void stop() {
        runtime.close();
        clients.close();
        world.close();
        ec2.close();
    }

    @Test
    void aPlanOfRdsSelectorsRunsThroughTheBackupRdsRoute() {
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.SCHEDULE, "nightly",
                plans.require("nightly").resources(), Instant.now()));

        Map<String, ResourceOutcome> outcomes = report.outcomes().stream()
                .collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
        assertEquals(3, outcomes.size(), report.summary());
        assertTrue(outcomes.get("rds:instance/orders-db").success(), report.summary());
        assertTrue(outcomes.get("rds:cluster/aurora-1").success(), "tagged member -> its cluster: " + report.summary());
        ResourceOutcome missing = outcomes.get("rds:instance/missing");
        assertFalse(missing.success());
        assertTrue(missing.error().contains("DBInstanceNotFound: DBInstance missing not found."), missing.error());
        assertFalse(report.success());

        var points = vault.list(p -> "nightly".equals(p.plan())).points();
        assertEquals(2, points.size());
        for (RecoveryPoint point : points) {
            assertEquals("rds", point.service());
            assertEquals("snapshot", point.mode());
            RdsDetails details = RdsDetails.of(point);
            assertTrue(details.in(WEST).isPresent(), "copied to " + WEST);
            assertTrue(services.of(point).verify(vault, point).ok());
            // The outcome line says what was made, not "0 items, 0 bytes".
            String line = report.summary().lines().filter(l -> l.contains(point.resource() + " ")).findFirst().orElseThrow();
            assertTrue(line.contains("snapshot " + details.in(HOME).orElseThrow().id() + " in " + HOME + "; copied to "
                    + WEST + ": " + details.in(WEST).orElseThrow().id()), line);
            assertFalse(line.contains("items"), line);
        }
        assertEquals(1, world.all("snapshot", WEST).size());
        assertEquals(1, world.all("cluster-snapshot", WEST).size());
        assertTrue(world.all("snapshot", HOME).stream().noneMatch(s -> "scratch".equals(s.get("source"))));
    }
}
