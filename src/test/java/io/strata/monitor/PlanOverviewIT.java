package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code strata plans} on DynamoDB Local: schedules in words, next fire times from a fixed clock, a dry resolve. */
class PlanOverviewIT {

    @Test
    void eachPlanShowsItsScheduleNextFireTimesPoliciesAndWhatItSelectsNow() {
        String table = TestAws.unique("plans");
        StrataSettings settings = TestAws.settings(TestAws.unique("plans"), "strata.schedule.time-zone", "Europe/Berlin",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=7,monthly=12", "strata.plan.nightly.tiering", "30d:GLACIER_IR",
                "strata.plan.weekly.cron", "0 30 3 ? * SUN", "strata.plan.weekly.resources", "dynamodb:zzz-none-" + table);
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z"));
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            Tables.create(clients.dynamoDb(), table);
            PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);

            List<PlanOverview.Plan> overview = new PlanOverview(plans, ArchivePolicies.from(settings.properties(), plans),
                    Services.registry(clients, vault, settings, clock, new StopSignal()), clock).plans();

            PlanOverview.Plan nightly = overview.get(0);
            assertEquals("every day at 02:00", nightly.words());
            assertEquals("Europe/Berlin", nightly.zone());
            // 02:00 in Berlin (UTC+1 in December) is 01:00 UTC; the clock says 12:00 UTC on Dec 7.
            assertEquals(List.of(Instant.parse("2026-12-08T01:00:00Z"), Instant.parse("2026-12-09T01:00:00Z"),
                    Instant.parse("2026-12-10T01:00:00Z")), nightly.next());
            assertEquals("daily=7,monthly=12", nightly.retention());
            assertEquals("30d:GLACIER_IR", nightly.tiering());
            assertEquals(List.of("dynamodb:" + table), nightly.resources());
            assertEquals(List.of(), nightly.problems());

            PlanOverview.Plan weekly = overview.get(1);
            assertEquals("every Sunday at 03:30", weekly.words());
            assertEquals(List.of(Instant.parse("2026-12-13T02:30:00Z"), Instant.parse("2026-12-20T02:30:00Z"),
                    Instant.parse("2026-12-27T02:30:00Z")), weekly.next());
            assertEquals("none", weekly.retention());
            assertEquals(List.of(), weekly.resources());
            assertEquals(1, weekly.problems().size());
            assertTrue(weekly.problems().get(0).contains("zzz-none-" + table), weekly.problems().toString());
        }
    }
}
