package io.strata.cli;

import io.strata.app.Services;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which plans {@code strata run} runs once or schedules as a daemon. */
class RunCommandTest {

    private static PlanCatalog twoPlans() {
        Properties properties = new Properties();
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        properties.setProperty("strata.plan.weekly.cron", "0 0 3 ? * SUN");
        properties.setProperty("strata.plan.weekly.resources", "dynamodb:archive");
        return PlanCatalog.from(properties, Services.selectors()::parse);
    }

    private static List<String> names(List<BackupPlan> plans) {
        return plans.stream().map(BackupPlan::name).toList();
    }

    @Test
    void aNamedPlanIsTheOnlyOneChosen() {
        assertEquals(List.of("weekly"), names(RunCommand.chosenPlans(twoPlans(), "weekly")));
    }

    @Test
    void withoutAPlanEveryPlanIsChosen() {
        assertEquals(List.of("nightly", "weekly"), names(RunCommand.chosenPlans(twoPlans(), null)));
    }

    @Test
    void anUnknownPlanOrNoPlanAtAllIsAnError() {
        assertTrue(assertThrows(SettingsException.class, () -> RunCommand.chosenPlans(twoPlans(), "hourly"))
                .getMessage().contains("No plan named 'hourly' (known: nightly, weekly)"));
        assertTrue(assertThrows(SettingsException.class, () -> RunCommand.chosenPlans(PlanCatalog.from(new Properties(), Services.selectors()::parse),
                null)).getMessage().contains("No plan configured"));
    }
}
