package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.support.FakeEc2;
import io.strata.support.FakeRds;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One plan protecting an application — its DynamoDB table, its RDS database, its EC2 server —
 * with one schedule and one catalog: one resource fails, the others commit, and list, verify and
 * restore treat the recovery points alike (DynamoDB Local + S3Mock, stateful RDS and EC2 fakes).
 */
class MixedPlanIT {

    private static final String HOME = "us-east-1";

    @Test
    void aPlanMixingDynamoDbRdsAndEc2CommitsWhatItCanAndReportsTheRest() throws Exception {
        try (FakeRds rds = new FakeRds(); FakeEc2 ec2 = new FakeEc2()) {
            run(rds, ec2);
        }
    }

    private void run(FakeRds rds, FakeEc2 ec2) throws Exception {
        String table = TestAws.unique("app-orders");
        Properties properties = TestAws.properties(TestAws.unique("vault"),
                "strata.rds.poll-interval", "5ms", "strata.ec2.poll-interval-ms", "5",
                "strata.plan.app.cron", "0 0 2 * * ?",
                "strata.plan.app.resources", "dynamodb:" + table + ", rds:instance/app-db, rds:instance/gone-db, "
                        + "ec2:tag/Backup=nightly",
                "strata.aws.endpoint.rds", rds.serve().toString(), "strata.aws.endpoint.ec2", ec2.serve().toString());
        StrataSettings settings = StrataSettings.from(properties);
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, IntStream.range(0, 50).mapToObj(i -> Tables.simple("o", i, "v")).toList());
            rds.addInstance(HOME, "app-db", "postgres", "db.t4g.medium", false, Map.of("app", "shop"));
            String server = ec2.instance(HOME, Map.of("Name", "web", "Backup", "nightly"), null, 2);
            PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
            ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());

            RunReport report;
            try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, services, vault,
                    Clock.systemUTC(), new StopSignal()).runtime().start()) {
                BackupPlan app = plans.require("app");
                report = runtime.run(BackupRequest.of(BackupRequest.SCHEDULE, "app", app.resources(), Instant.now()));
            }

            Map<String, ResourceOutcome> outcomes = report.outcomes().stream()
                    .collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
            assertEquals(4, outcomes.size(), report.summary());
            assertFalse(report.success());
            assertTrue(outcomes.get("dynamodb:" + table).success(), report.summary());
            assertTrue(outcomes.get("rds:instance/app-db").success(), report.summary());
            assertTrue(outcomes.get("ec2:instance/" + server).success(), report.summary());
            assertTrue(outcomes.get("rds:instance/gone-db").error().contains("DBInstanceNotFound"), report.summary());

            List<RecoveryPoint> points = vault.list(p -> "app".equals(p.plan())).points();
            assertEquals(List.of("dynamodb", "ec2", "rds"), points.stream().map(RecoveryPoint::service).sorted().toList());
            for (RecoveryPoint point : points) {
                var verified = services.of(point).verify(vault, point);
                assertTrue(verified.ok(), point.key() + ": " + verified.problems());
                assertTrue(services.matches(point, Services.selectors().parse(point.resource())), point.resource());
            }
            RecoveryPoint database = points.stream().filter(p -> p.service().equals("rds")).findFirst().orElseThrow();
            String restored = services.of(database).restore(vault, database, new RestoreRequest("app-db-restored", Map.of()));
            assertTrue(restored.contains("app-db-restored"), restored);
            assertTrue(rds.find("instance", HOME, "app-db-restored").isPresent(), "the fake holds the restored instance");
            RecoveryPoint orders = points.stream().filter(p -> p.service().equals("dynamodb")).findFirst().orElseThrow();
            services.of(orders).restore(vault, orders, new RestoreRequest(table + "-restored", Map.of()));
            assertEquals(50, Tables.scanAll(clients.dynamoDb(), table + "-restored").size());
            RecoveryPoint web = points.stream().filter(p -> p.service().equals("ec2")).findFirst().orElseThrow();
            String launch = services.of(web).restore(vault, web, new RestoreRequest(null,
                    Map.of("launch", "true", "dry-run", "true")));
            assertTrue(launch.contains("RunInstances"), launch);
        }
    }
}
