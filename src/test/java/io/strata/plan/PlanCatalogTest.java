package io.strata.plan;

import io.strata.app.Services;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlanCatalogTest {

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void readsPlansAndTheirSelectors() {
        PlanCatalog catalog = PlanCatalog.from(properties(
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:orders, dynamodb:orders-*,dynamodb:tag/env=prod",
                "strata.vault.bucket", "b"), Services.selectors()::parse);

        BackupPlan plan = catalog.require("nightly");
        assertEquals("0+0+2+*+*+?", plan.cronForUri());
        assertEquals(List.of("dynamodb:orders", "dynamodb:orders-*", "dynamodb:tag/env=prod"),
                plan.resources().stream().map(ResourceSelector::toString).toList());
        assertEquals(ResourceSelector.Kind.TAG, plan.resources().get(2).kind());
        assertEquals("env", plan.resources().get(2).tagKey());
    }

    @Test
    void anInvalidCronNamesTheKeyAndTheValue() {
        SettingsException error = assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(
                "strata.plan.nightly.cron", "0 0 25 * * ?", "strata.plan.nightly.resources", "dynamodb:orders"), Services.selectors()::parse));

        assertTrue(error.getMessage().contains("strata.plan.nightly.cron = '0 0 25 * * ?'"), error.getMessage());
    }

    @Test
    void anHourQuartzWouldFireEveryHourIsRejectedNamingTheField() {
        SettingsException error = assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(
                "strata.plan.nightly.cron", "0 0 99 * * ?", "strata.plan.nightly.resources", "dynamodb:orders"), Services.selectors()::parse));

        assertTrue(error.getMessage().startsWith(
                "Invalid cron in strata.plan.nightly.cron = '0 0 99 * * ?': hours must be 0-23, not 99"), error.getMessage());
    }

    @Test
    void anInvalidSelectorNamesTheKeyAndTheValue() {
        SettingsException error = assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:orders, dynamo:x"), Services.selectors()::parse));

        assertTrue(error.getMessage().contains("strata.plan.nightly.resources = 'dynamodb:orders, dynamo:x'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("service 'dynamo' is not supported"), error.getMessage());
    }

    @Test
    void aPlanWithoutResourcesOrCronIsRejected() {
        assertTrue(assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(
                "strata.plan.p.cron", "0 0 2 * * ?"), Services.selectors()::parse)).getMessage().contains("strata.plan.p.resources is missing"));
        assertTrue(assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(
                "strata.plan.p.resources", "dynamodb:t1"), Services.selectors()::parse)).getMessage().contains("strata.plan.p.cron is missing"));
    }

    @Test
    void anUnknownPlanIsNamed() {
        SettingsException error = assertThrows(SettingsException.class, () -> PlanCatalog.from(properties(), Services.selectors()::parse).require("weekly"));
        assertTrue(error.getMessage().contains("No plan named 'weekly'"));
    }
}
