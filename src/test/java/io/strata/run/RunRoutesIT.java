package io.strata.run;

import io.strata.service.StopSignal;
import io.strata.app.Composition;
import io.strata.app.Services;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The YAML routes end to end: request -> split per table -> recovery points -> run report. */
class RunRoutesIT {

    private String prefix;
    private AwsClients clients;
    private Vault vault;
    private PlanCatalog plans;
    private StrataRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        prefix = TestAws.unique("route");
        Properties properties = TestAws.properties(TestAws.unique("vault"),
                "strata.plan.every-second.cron", "* * * * * ?",
                "strata.plan.every-second.resources", "dynamodb:" + prefix + "-a");
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        for (String table : List.of(prefix + "-a", prefix + "-b")) {
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("k", 1, table), Tables.simple("k", 2, table)));
        }
        plans = PlanCatalog.from(properties, Services.selectors()::parse);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault,
                Clock.systemUTC(), new StopSignal()).runtime().start();
    }

    @AfterEach
    void stop() {
        runtime.close();
        clients.close();
    }

    private RunReport run(String... selectors) {
        return runtime.run(BackupRequest.of(BackupRequest.CLI, null, List.of(selectors).stream().map(ResourceSelector::parse).toList(),
                java.time.Instant.now()));
    }

    @Test
    void oneUnknownTableDoesNotStopTheOthers() {
        RunReport report = run("dynamodb:" + prefix + "-a", "dynamodb:" + prefix + "-missing", "dynamodb:" + prefix + "-b");

        Map<String, ResourceOutcome> outcomes = report.outcomes().stream()
                .collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
        assertEquals(3, outcomes.size(), report.summary());
        assertFalse(report.success());
        assertTrue(outcomes.get("dynamodb:" + prefix + "-a").success(), report.summary());
        assertTrue(outcomes.get("dynamodb:" + prefix + "-b").success(), report.summary());
        ResourceOutcome missing = outcomes.get("dynamodb:" + prefix + "-missing");
        assertFalse(missing.success());
        assertTrue(missing.error().contains("table " + prefix + "-missing not found"), missing.error());
        assertEquals(2, vault.list(p -> true).points().size());
        assertTrue(report.summary().contains("FAIL  dynamodb:" + prefix + "-missing"), report.summary());
        var stored = clients.s3().listObjectsV2(r -> r.bucket(vault.bucket()).prefix("strata/runs/")).contents();
        assertEquals(1, stored.size());
        assertTrue(stored.get(0).key().endsWith("-" + report.runId() + ".json"), stored.get(0).key());
    }

    @Test
    void aPrefixSelectsEveryMatchingTableAndASelectorMatchingNothingFails() {
        RunReport report = run("dynamodb:" + prefix + "-*", "dynamodb:" + prefix + "-nothing*");

        assertEquals(List.of("dynamodb:" + prefix + "-a", "dynamodb:" + prefix + "-b"), report.outcomes().stream()
                .filter(ResourceOutcome::success).map(ResourceOutcome::resource).sorted().toList());
        ResourceOutcome unmatched = report.outcomes().stream().filter(o -> !o.success()).findFirst().orElseThrow();
        assertTrue(unmatched.error().contains("matched no table"), unmatched.error());
        assertEquals(2, vault.list(p -> p.itemCount() == 2).points().size());
    }

    @Test
    void aPlanFiresOnItsQuartzSchedule() throws Exception {
        runtime.schedulePlans(plans.plans());

        long deadline = System.currentTimeMillis() + 30_000;
        while (vault.list(p -> "every-second".equals(p.plan())).points().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }

        var points = vault.list(p -> "every-second".equals(p.plan())).points();
        assertFalse(points.isEmpty(), "the every-second plan produced no recovery point in 30 s");
        assertEquals("dynamodb:" + prefix + "-a", points.get(0).resource());
        assertEquals(2, points.get(0).itemCount());
    }

    @Test
    void aRunWhoseFirstResourceFailsKeepsItsReport() {
        RunReport report = run("dynamodb:" + prefix + "-missing", "dynamodb:" + prefix + "-a");

        assertEquals(2, report.outcomes().size(), report.summary());
        assertFalse(report.outcomes().get(0).success());
        assertTrue(report.summary().contains("FAIL  dynamodb:" + prefix + "-missing"), report.summary());
        assertTrue(report.summary().contains("OK    dynamodb:" + prefix + "-a"), report.summary());
        assertStored(report);
    }

    @Test
    void aRunWhereEveryResourceFailsKeepsItsReport() {
        RunReport report = run("dynamodb:" + prefix + "-missing", "dynamodb:" + prefix + "-nothing*");

        assertEquals(2, report.outcomes().size(), report.summary());
        assertTrue(report.outcomes().stream().noneMatch(ResourceOutcome::success), report.summary());
        assertStored(report);
    }

    @Test
    void aRunWhoseSelectorsCannotBeResolvedStillReports() throws Exception {
        // Every call still takes all its attempts against the refusing port, with short pauses between them.
        Properties unreachable = TestAws.properties(vault.bucket(), "strata.aws.endpoint.dynamodb", "http://127.0.0.1:1",
                "strata.aws.retry.max-backoff", "10ms");
        StrataSettings settings = StrataSettings.from(unreachable);
        try (AwsClients down = TestAws.clients(settings);
             StrataRuntime broken = Composition.of(Path.of("").toAbsolutePath(), settings, PlanCatalog.from(unreachable, Services.selectors()::parse),
                     down, Vault.from(down.s3(), settings), Clock.systemUTC(), new StopSignal()).runtime().start()) {
            RunReport report = broken.run(BackupRequest.of(BackupRequest.CLI, null,
                    List.of(ResourceSelector.parse("dynamodb:" + prefix + "-*"), ResourceSelector.parse("dynamodb:" + prefix + "-a")),
                    java.time.Instant.now()));

            assertEquals(2, report.outcomes().size(), report.summary());
            assertTrue(report.outcomes().stream().noneMatch(ResourceOutcome::success), report.summary());
            assertTrue(report.summary().contains("cannot resolve selector dynamodb:" + prefix + "-*"), report.summary());
            assertStored(report);
        }
    }

    private void assertStored(RunReport report) {
        var stored = clients.s3().listObjectsV2(r -> r.bucket(vault.bucket()).prefix("strata/runs/")).contents();
        assertEquals(1, stored.size());
        assertTrue(stored.get(0).key().endsWith("-" + report.runId() + ".json"), stored.get(0).key());
    }
}
