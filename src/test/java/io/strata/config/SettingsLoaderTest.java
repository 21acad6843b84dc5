package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.vault.VaultSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path home;

    @Test
    void laterSourcesWin() throws Exception {
        Files.writeString(home.resolve("application.properties"),
                "strata.vault.bucket=from-defaults\nstrata.vault.prefix=p\nstrata.aws.endpoint=\nstrata.vault.sse=AES256\n");
        Path config = home.resolve("prod.properties");
        Files.writeString(config, "strata.vault.bucket=from-config\nstrata.vault.sse=aws:kms\n");
        Properties system = new Properties();
        system.setProperty("strata.vault.sse", "AES256");
        system.setProperty("java.home", "ignored");
        SettingsLoader loader = new SettingsLoader(Services.settings(), Map.of(
                "STRATA_AWS_ENDPOINT", "http://127.0.0.1:4566",
                "STRATA_VAULT_PREFIX", "env-prefix",
                "STRATA_PLAN_NIGHTLY_BATCH_CRON", "0 0 2 * * ?",
                "STRATA_PLAN_NIGHTLY_BATCH_RESOURCES", "dynamodb:orders"), system);

        Properties merged = loader.load(home, config);
        StrataSettings settings = StrataSettings.from(merged);
        VaultSettings vault = VaultSettings.from(merged);

        assertEquals("from-config", vault.bucket());
        assertEquals("env-prefix/", vault.prefix());
        assertEquals("AES256", vault.sse(), "-D beats the config file");
        assertEquals(URI.create("http://127.0.0.1:4566"), settings.endpointFor("s3").orElseThrow());
        assertEquals("0 0 2 * * ?", merged.getProperty("strata.plan.nightly-batch.cron"));
        assertEquals(null, merged.getProperty("java.home"));
    }

    /** DESIGN.md, "Contracts → Settings": every key, written out here as the contract says it. */
    private static final String[] DOCUMENTED_KEYS = {
        "strata.aws.region", "strata.aws.endpoint", "strata.aws.endpoint.dynamodb", "strata.aws.endpoint.s3",
        "strata.aws.endpoint.ec2", "strata.aws.endpoint.rds", "strata.aws.endpoint.sqs",
        "strata.local", "strata.vault.bucket", "strata.vault.prefix", "strata.vault.sse", "strata.vault.kms-key-id",
        "strata.vault.create-bucket", "strata.vault.lock-mode", "strata.vault.lock-days", "strata.vault.require",
        "strata.vault.part-size-mib", "strata.dynamodb.segments", "strata.dynamodb.read-rate",
        "strata.dynamodb.scan-page-size", "strata.dynamodb.writers", "strata.dynamodb.max-write-attempts",
        "strata.archive.cron", "strata.requests.bucket", "strata.requests.prefix",
        "strata.requests.sqs-queue-url", "strata.inbox",
    };

    @Test
    void theEnvironmentReachesEveryDocumentedKeyThatNoFileMentions() {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String key : DOCUMENTED_KEYS) {
            environment.put(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), "env:" + key);
        }

        Properties merged = new SettingsLoader(Services.settings(), environment, new Properties()).load(home, null);

        for (String key : DOCUMENTED_KEYS) {
            assertEquals("env:" + key, merged.getProperty(key), key);
        }
        assertEquals("env:strata.vault.lock-days", merged.getProperty("strata.vault.lock-days"));
    }

    @Test
    void planAttributesFromTheEnvironmentTakeTheLongestDocumentedAttribute() {
        Properties merged = new SettingsLoader(Services.settings(), Map.of(
                "STRATA_PLAN_NIGHTLY_TIERING_MODE", "move",
                "STRATA_PLAN_NIGHTLY_TIERING_MIN_SIZE", "128KB",
                "STRATA_PLAN_NIGHTLY_BATCH_RDS_EXPORT", "true",
                "STRATA_PLAN_WEEKLY_ALLOW_EARLY_DELETE", "false",
                "STRATA_RDS_COPY_KMS_KEY_ID_US_WEST_2", "arn:aws:kms:us-west-2:123456789012:key/k",
                "STRATA_EC2_COPY_KMS_KEY_ID_AP_SOUTHEAST_2", "arn:aws:kms:ap-southeast-2:123456789012:key/e"),
                new Properties()).load(home, null);

        assertEquals("move", merged.getProperty("strata.plan.nightly.tiering-mode"));
        assertEquals("128KB", merged.getProperty("strata.plan.nightly.tiering-min-size"));
        assertEquals("true", merged.getProperty("strata.plan.nightly-batch.rds.export"));
        assertEquals("false", merged.getProperty("strata.plan.weekly.allow-early-delete"));
        assertEquals("arn:aws:kms:us-west-2:123456789012:key/k", merged.getProperty("strata.rds.copy-kms-key-id.us-west-2"));
        // A region-suffixed key from the environment alone, as a container is configured.
        assertEquals("arn:aws:kms:ap-southeast-2:123456789012:key/e",
                merged.getProperty("strata.ec2.copy-kms-key-id.ap-southeast-2"));
        assertEquals(6, merged.size(), merged.toString());
    }

    @Test
    void aVariableForNoDeclaredKeyIsKeptUnderTheKeyItSpellsForTheCheckToRefuse() throws Exception {
        Files.writeString(home.resolve("application.properties"), "strata.plan.nightly_batch.cron=0 0 2 * * ?\n");

        SettingsLoader loader = new SettingsLoader(Services.settings(), Map.of(
                "STRATA_VAULT_COLOUR", "blue",
                "STRATA_PLAN_NIGHTLY_BATCH_CRON", "0 0 3 * * ?",
                "STRATA_JMX_PORT", "9010",
                "STRATA_CDS", "off",
                "STRATA_LOG_LEVEL", "DEBUG",
                "JAVA_OPTS", "-Xmx1g"), new Properties());
        Properties merged = loader.load(home, null);

        assertEquals("0 0 3 * * ?", merged.getProperty("strata.plan.nightly_batch.cron"), "the loaded plan key wins");
        assertEquals("blue", merged.getProperty("strata.vault.colour"));
        assertEquals("environment variable STRATA_VAULT_COLOUR", loader.origins().get("strata.vault.colour"));
        assertEquals(2, merged.size(), "the launcher's own variables are no settings: " + merged);
    }

    @Test
    void theLaunchersHomePropertyIsNoSetting() {
        Properties system = new Properties();
        system.setProperty("strata.home", "/opt/strata");
        system.setProperty("strata.vault.bucket", "b");

        Properties merged = new SettingsLoader(Services.settings(), Map.of(), system).load(home, null);

        assertEquals(null, merged.getProperty("strata.home"));
        assertEquals("b", merged.getProperty("strata.vault.bucket"));
    }

    @Test
    void aServiceEndpointOverridesTheCommonOne() {
        Properties p = new Properties();
        p.setProperty("strata.aws.endpoint", "http://127.0.0.1:9000");
        p.setProperty("strata.aws.endpoint.dynamodb", "http://127.0.0.1:8000");
        StrataSettings settings = StrataSettings.from(p);

        assertEquals(URI.create("http://127.0.0.1:8000"), settings.endpointFor("dynamodb").orElseThrow());
        assertEquals(URI.create("http://127.0.0.1:9000"), settings.endpointFor("s3").orElseThrow());
    }

    @Test
    void badValuesNameTheirKey() {
        Properties p = new Properties();
        p.setProperty("strata.vault.sse", "DES");
        assertTrue(assertThrows(SettingsException.class, () -> VaultSettings.from(p)).getMessage()
                .contains("strata.vault.sse must be AES256 or aws:kms, not 'DES'"));
        Properties q = new Properties();
        q.setProperty("strata.dynamodb.segments", "many");
        assertTrue(assertThrows(SettingsException.class, () -> DynamoDbSettings.from(q)).getMessage()
                .contains("strata.dynamodb.segments must be a whole number, not 'many'"));
        Properties r = new Properties();
        assertTrue(assertThrows(SettingsException.class, () -> VaultSettings.from(r).requireBucket()).getMessage()
                .contains("strata.vault.bucket is not set"));
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = home.resolve("nope.properties");
        SettingsException error = assertThrows(SettingsException.class,
                () -> new SettingsLoader(Services.settings(), Map.of(), new Properties()).load(home, missing));
        assertTrue(error.getMessage().contains(missing.toString()));
    }
}
