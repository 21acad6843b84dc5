package io.strata.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.config.AwsClients;
import io.strata.config.SettingsException;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * The real routes in Camel Main with SDK clients aimed at a closed loopback port: starting Camel
 * and adding trigger routes calls no AWS API (clients connect lazily), so no AWS or emulator is needed.
 */
class StrataRuntimeTest {

    @Test
    void theDaemonSchedulesOnlyTheChosenPlans() throws Exception {
        Properties properties = closedPortSettings();
        StrataSettings settings = StrataSettings.from(properties);
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);

        try (AwsClients clients = new AwsClients(settings);
             StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients,
                     Vault.from(clients.s3(), settings), Clock.systemUTC(), new StopSignal()).runtime().start()) {
            runtime.schedulePlans(List.of(plans.require("weekly")));

            assertEquals(List.of("plan-weekly"), runtime.context().getRoutes().stream().map(Route::getRouteId)
                    .filter(id -> id.startsWith("plan-")).toList());
            assertTrue(runtime.context().getRoutes().stream().noneMatch(r -> r.getRouteId().equals("archive-daily")),
                    "a one-shot command never schedules the archive pass");

            runtime.scheduleArchive("0 30 4 * * ?");

            Route archive = runtime.context().getRoute("archive-daily");
            assertTrue(archive.getEndpoint().getEndpointUri().startsWith("quartz://strata/archive"),
                    archive.getEndpoint().getEndpointUri());
            assertTrue(archive.getEndpoint().getEndpointUri().contains("cron=0+30+4+*+*+%3F")
                    || archive.getEndpoint().getEndpointUri().contains("cron=0+30+4+*+*+?"),
                    archive.getEndpoint().getEndpointUri());
            SettingsException bad = assertThrows(SettingsException.class, () -> runtime.scheduleArchive("0 0 24 * * ?"));
            assertTrue(bad.getMessage().startsWith("Invalid cron in strata.archive.cron = '0 0 24 * * ?'"), bad.getMessage());

            runtime.scheduleVerify("0 15 5 * * ?");
            Route verify = runtime.context().getRoute("verify-daily");
            assertTrue(verify.getEndpoint().getEndpointUri().startsWith("quartz://strata/verify"),
                    verify.getEndpoint().getEndpointUri());
            SettingsException badVerify = assertThrows(SettingsException.class, () -> runtime.scheduleVerify("0 61 5 * * ?"));
            assertTrue(badVerify.getMessage().startsWith("Invalid cron in strata.verify.cron = '0 61 5 * * ?'"),
                    badVerify.getMessage());
        }
    }

    /**
     * The restore tests' routes are loaded only when a plan sets restore-test (start-up time): without one, no test
     * is ever due, a restore-test pass is empty and the verify trigger goes no further than the verify pass.
     */
    @Test
    void theRestoreTestRoutesAreLoadedOnlyWhenAPlanRestoreTests() throws Exception {
        Properties without = closedPortSettings();
        StrataSettings settings = StrataSettings.from(without);
        try (AwsClients clients = new AwsClients(settings); StrataRuntime runtime = runtime(without, clients)) {
            assertNull(runtime.context().getRoute("restore-test"));
            assertNull(runtime.context().getRoute("restore-test-dynamodb"));
            assertNotNull(runtime.context().getRoute("verify"), "the verify pass is loaded");
            assertEquals(List.of(), runtime.restoreTests());
            runtime.scheduleVerify("0 15 5 * * ?");
            assertNotNull(runtime.context().getRoute("verify-daily"));
        }
        Properties with = closedPortSettings();
        with.setProperty("strata.plan.weekly.restore-test", "weekly");
        try (AwsClients clients = new AwsClients(settings); StrataRuntime runtime = runtime(with, clients)) {
            assertNotNull(runtime.context().getRoute("restore-test"));
            assertNotNull(runtime.context().getRoute("restore-test-dynamodb"));
            runtime.scheduleVerify("0 15 5 * * ?");
            assertNotNull(runtime.context().getRoute("verify-daily"));
        }
    }

    /** SDK clients aimed at a closed loopback port, and two plans of one DynamoDB table each. */
    private static Properties closedPortSettings() {
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint", "http://127.0.0.1:9");
        properties.setProperty("strata.vault.bucket", "never-called");
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        properties.setProperty("strata.plan.weekly.cron", "0 0 3 ? * SUN");
        properties.setProperty("strata.plan.weekly.resources", "dynamodb:archive");
        return properties;
    }

    /** The runtime started over {@code properties} and the caller's {@code clients}. */
    private static StrataRuntime runtime(Properties properties, AwsClients clients) throws Exception {
        StrataSettings settings = StrataSettings.from(properties);
        return Composition.of(Path.of("").toAbsolutePath(), settings, PlanCatalog.from(properties,
                Services.selectors()::parse), clients, Vault.from(clients.s3(), settings), Clock.systemUTC(),
                new StopSignal()).runtime().start();
    }
}
