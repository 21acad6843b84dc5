package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import io.strata.plan.PlanCatalog;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The plan attribute restore-test and strata.verify.cron as start-up reads them. */
class RestoreTestPlansTest {

    private static RestoreTestPlans read(String... pairs) {
        Properties p = new Properties();
        p.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        p.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return RestoreTestPlans.from(p, PlanCatalog.from(p, Services.selectors()::parse));
    }

    @Test
    void periodsAreADayAWeekAndThirtyDays() {
        assertEquals(Optional.of(Duration.ofDays(7)), read("strata.plan.nightly.restore-test", "weekly",
                "strata.verify.cron", "0 0 5 * * ?").period("nightly"));
        assertEquals(Optional.of(Duration.ofDays(30)), read("strata.plan.nightly.restore-test", "monthly",
                "strata.verify.cron", "0 0 5 * * ?").period("nightly"));
        assertEquals(Optional.empty(), read().period("nightly"));
    }

    @Test
    void aPeriodThatIsNoneOfTheThreeIsRefusedNamingTheKey() {
        assertEquals("strata.plan.nightly.restore-test must be daily, weekly or monthly, not 'hourly'",
                assertThrows(SettingsException.class, () -> read("strata.plan.nightly.restore-test", "hourly",
                        "strata.verify.cron", "0 0 5 * * ?")).getMessage());
    }
}
