package io.strata;

import io.strata.service.StopSignal;
import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.app.Services;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.SettingsException;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger;

/**
 * Cron expressions are in strata.schedule.time-zone (default UTC), never in the JVM's zone: the real
 * Quartz triggers of a runtime on a JVM whose default zone is America/New_York. The default zone is
 * set for this test only and put back after it (surefire runs test classes one after another).
 */
class ScheduleTimeZoneTest {

    private TimeZone original;

    @BeforeEach
    void newYork() {
        original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(original);
    }

    @Test
    void aPlanForTwoOClockFiresAtTwoUtcOnAMachineInNewYork() throws Exception {
        Properties properties = properties();
        Instant now = Instant.now();
        try (Running running = start(properties)) {
            running.runtime.schedulePlans(List.of(running.plans.require("nightly")));
            running.runtime.scheduleArchive("0 0 3 * * ?");
            running.runtime.scheduleVerify("0 0 5 * * ?");

            assertEquals(next(now, 2, ZoneId.of("UTC")), nextFire(running.runtime, "plan-nightly"));
            assertEquals(next(now, 3, ZoneId.of("UTC")), nextFire(running.runtime, "archive-daily"));
            assertEquals(next(now, 5, ZoneId.of("UTC")), nextFire(running.runtime, "verify-daily"));
        }
    }

    @Test
    void anotherZoneIsHonouredByEveryTrigger() throws Exception {
        for (String zone : List.of("Europe/Berlin", "+05:30", "Asia/Kolkata")) {
            Properties properties = properties();
            properties.setProperty("strata.schedule.time-zone", zone);
            Instant now = Instant.now();
            try (Running running = start(properties)) {
                running.runtime.schedulePlans(List.of(running.plans.require("nightly")));
                running.runtime.scheduleArchive("0 0 3 * * ?");

                assertEquals(next(now, 2, ZoneId.of(zone)), nextFire(running.runtime, "plan-nightly"), zone);
                assertEquals(next(now, 3, ZoneId.of(zone)), nextFire(running.runtime, "archive-daily"), zone);
            }
        }
    }

    @Test
    void aZoneThatIsNoneStopsStartUpNamingTheSetting() {
        for (String bad : List.of("Mars/Olympus", "EST-ish", "UTC+25")) {
            Properties properties = properties();
            properties.setProperty("strata.schedule.time-zone", bad);
            SettingsException e = assertThrows(SettingsException.class,
                    () -> PlanCatalog.from(properties, Services.selectors()::parse), bad);
            assertTrue(e.getMessage().startsWith("strata.schedule.time-zone must be a time zone such as UTC or "
                    + "Europe/Berlin, not '" + bad + "'"), e.getMessage());
        }
    }

    private static Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint", "http://127.0.0.1:9");
        properties.setProperty("strata.vault.bucket", "never-called");
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        return properties;
    }

    /** The first {@code hour}:00 in {@code zone} after {@code now}. */
    private static Instant next(Instant now, int hour, ZoneId zone) {
        ZonedDateTime candidate = now.atZone(zone).with(LocalTime.of(hour, 0));
        return (candidate.toInstant().isAfter(now) ? candidate : candidate.plusDays(1)).toInstant();
    }

    private static Instant nextFire(StrataRuntime runtime, String routeId) throws Exception {
        QuartzEndpoint endpoint = (QuartzEndpoint) runtime.context().getRoute(routeId).getEndpoint();
        Trigger trigger = endpoint.getComponent().getScheduler().getTrigger(endpoint.getTriggerKey());
        return trigger.getNextFireTime().toInstant();
    }

    private record Running(AwsClients clients, PlanCatalog plans, StrataRuntime runtime) implements AutoCloseable {
        @Override
        public void close() {
            runtime.close();
            clients.close();
        }
    }

    private static Running start(Properties properties) throws Exception {
        StrataSettings settings = StrataSettings.from(properties);
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        AwsClients clients = new AwsClients(settings);
        return new Running(clients, plans, Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients,
                Vault.from(clients.s3(), settings), Clock.systemUTC(), new StopSignal()).runtime().start());
    }
}
