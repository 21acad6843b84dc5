package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A key exists only when code reads it: an undeclared key under strata. is refused, naming the nearest known key. */
class SettingsCheckTest {

    private static final SettingsKeys KEYS = Services.settings();

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    private static String refused(Properties properties, Map<String, String> origins) {
        return assertThrows(SettingsException.class, () -> new SettingsCheck(KEYS).check(properties, origins)).getMessage();
    }

    private static String refused(String... pairs) {
        return refused(properties(pairs), Map.of());
    }

    @Test
    void aTypoNamesTheKeyAndTheNearestKnownOne() {
        String message = refused("strata.vault.buckett", "x");

        assertTrue(message.startsWith("Unknown setting 'strata.vault.buckett'"), message);
        assertTrue(message.endsWith("did you mean strata.vault.bucket?"), message);
    }

    @Test
    void aVariableIsNamedWhereItCameFrom() {
        String message = refused(properties("strata.vault.buckett", "x"),
                Map.of("strata.vault.buckett", "environment variable STRATA_VAULT_BUCKETT"));

        assertTrue(message.contains("'strata.vault.buckett' (environment variable STRATA_VAULT_BUCKETT)"), message);
        assertTrue(message.endsWith("did you mean strata.vault.bucket?"), message);
    }

    /** Moved from PlanCatalogTest: the plans' attributes are declared by the components that read them. */
    @Test
    void anUnknownPlanAttributeStopsStartUpNamingTheKeyAndTheAttributeOfThatPlan() {
        String message = refused("strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:orders",
                "strata.plan.nightly.retension", "daily=7");

        assertTrue(message.startsWith("Unknown plan attribute in 'strata.plan.nightly.retension': 'retension' "
                + "is none of cron, resources, retention"), message);
        assertTrue(message.endsWith("did you mean strata.plan.nightly.retention?"), message);
    }

    @Test
    void keysNothingReadsAreRefused() {
        for (String key : List.of("strata.http.ports", "strata.notify.sns-topic",
                "strata.audit.max-frequency", "strata.aws.endpoint.snss", "strata.plan.nightly.freshnes",
                "strata.plan.nightly.restore-tests", "strata.plan.nightly.dynamodb.ensure-pitrs",
                "strata.rds.copy-kms-key-id", "strata.plan.cron")) {
            String message = refused(key, "x");
            assertTrue(message.contains("'" + key + "'"), message);
        }
    }

    @Test
    void everyDeclaredKeyAndPatternInstanceIsTakenAndOtherPrefixesAreLeftAlone() {
        assertDoesNotThrow(() -> new SettingsCheck(KEYS).check(properties("strata.vault.bucket", "b",
                "strata.aws.endpoint.kms", "http://127.0.0.1:1", "strata.plan.nightly-batch.rds.export", "true",
                "strata.plan.nightly.copy-to-region", "us-west-2", "strata.rds.copy-kms-key-id.us-west-2", "k",
                "strata.ec2.copy-kms-key-id.eu-west-1", "", "strata.vault.lock-days", "",
                "camel.main.name", "x", "java.home", "/x"), Map.of()));
    }

    @Test
    void aDeclaredKeysValueIsCheckedAtStartUp() {
        assertEquals("strata.rds.poll-interval must be a duration such as 500ms, 15s, 30m, 4h or PT15S, not 'soon'",
                refused("strata.rds.poll-interval", "soon"));
        assertEquals("strata.plan.nightly.allow-early-delete must be true or false, not 'maybe'",
                refused("strata.plan.nightly.allow-early-delete", "maybe"));
        assertTrue(refused("strata.plan.nightly.dynamodb.mode", "snapshot").startsWith(
                "strata.plan.nightly.dynamodb.mode must be one of scan, native-export, auto"), "a mode not built (yet) is refused");
        assertEquals("strata.plan.nightly.dynamodb.incremental must be a duration from 15m to 24h (PT6H), not 'PT10M'",
                refused("strata.plan.nightly.dynamodb.incremental", "PT10M"), "AWS exports windows of 15 min to 24 h");
        assertEquals("strata.plan.nightly.dynamodb.incremental must be a duration from 15m to 24h (PT6H), not '25h'",
                refused("strata.plan.nightly.dynamodb.incremental", "25h"));
    }

    @Test
    void aKeyDeclaredTwiceMustBeDeclaredAlike() {
        Setting one = Setting.text("strata.x", "a", "help");
        Setting other = Setting.text("strata.x", "b", "help");
        assertEquals(List.of(one), new SettingsKeys(List.of(List.of(one), List.of(one))).all());
        assertThrows(IllegalStateException.class, () -> new SettingsKeys(List.of(List.of(one), List.of(other))));
    }
}
