package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        SettingsLoader loader = new SettingsLoader(Map.of(
                "STRATA_AWS_ENDPOINT", "http://127.0.0.1:4566",
                "STRATA_VAULT_PREFIX", "env-prefix",
                "STRATA_PLAN_NIGHTLY_BATCH_CRON", "0 0 2 * * ?",
                "STRATA_PLAN_NIGHTLY_BATCH_RESOURCES", "dynamodb:orders"), system);

        Properties merged = loader.load(home, config);
        StrataSettings settings = StrataSettings.from(merged);

        assertEquals("from-config", settings.vault().bucket());
        assertEquals("env-prefix/", settings.vault().prefix());
        assertEquals("AES256", settings.vault().sse(), "-D beats the config file");
        assertEquals(URI.create("http://127.0.0.1:4566"), settings.endpointFor("s3").orElseThrow());
        assertEquals("0 0 2 * * ?", merged.getProperty("strata.plan.nightly-batch.cron"));
        assertEquals(null, merged.getProperty("java.home"));
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
        assertTrue(assertThrows(SettingsException.class, () -> StrataSettings.from(p)).getMessage()
                .contains("strata.vault.sse must be AES256 or aws:kms, not 'DES'"));
        Properties q = new Properties();
        q.setProperty("strata.dynamodb.segments", "many");
        assertTrue(assertThrows(SettingsException.class, () -> StrataSettings.from(q)).getMessage()
                .contains("strata.dynamodb.segments must be a whole number, not 'many'"));
        Properties r = new Properties();
        assertTrue(assertThrows(SettingsException.class, () -> StrataSettings.from(r).requireBucket()).getMessage()
                .contains("strata.vault.bucket is not set"));
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = home.resolve("nope.properties");
        SettingsException error = assertThrows(SettingsException.class,
                () -> new SettingsLoader(Map.of(), new Properties()).load(home, missing));
        assertTrue(error.getMessage().contains(missing.toString()));
    }
}
