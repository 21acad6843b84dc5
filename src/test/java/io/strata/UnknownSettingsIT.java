package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.exit.ExitCode;
import io.strata.support.StrataProcess;
import io.strata.support.TestAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key exists only when code reads it: the real {@code strata} process, given a key no component
 * declares (a typo, or a feature not built yet) by {@code -D}, {@code --config} or the environment,
 * stops with exit code 2 naming it and the nearest known key, before it backs anything up.
 */
class UnknownSettingsIT {

    private static final List<String> NIGHTLY = List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?",
            "-Dstrata.plan.nightly.resources=dynamodb:orders");

    private static String refused(List<String> settings, Map<String, String> environment, String... args) throws Exception {
        StrataProcess strata = StrataProcess.start(TestAws.unique("vault"), settings, environment, args);
        try {
            assertTrue(strata.process().waitFor(60, TimeUnit.SECONDS), strata.said());
            assertEquals(ExitCode.USAGE.code(), strata.process().exitValue(), strata.said());
            assertEquals("", strata.stdout(), "nothing ran: " + strata.said());
            return strata.stderr();
        } finally {
            strata.destroyForcibly();
        }
    }

    @Test
    void aModeStrataDoesNotHaveIsNamedNotIgnored() throws Exception {
        List<String> settings = new ArrayList<>(NIGHTLY);
        settings.add("-Dstrata.plan.nightly.dynamodb.mode=full-dump");

        String err = refused(settings, Map.of(), "run", "--plan", "nightly", "--once");

        assertTrue(err.contains("strata.plan.nightly.dynamodb.mode must be one of scan, native-export, auto"), err);
        assertTrue(err.contains("'full-dump'"), err);
    }

    @Test
    void aTypoGivenWithDashDNamesTheKeyItMeant() throws Exception {
        String err = refused(List.of("-Dstrata.vault.buckett=x"), Map.of(), "list");

        assertTrue(err.contains("Unknown setting 'strata.vault.buckett'"), err);
        assertTrue(err.contains("did you mean strata.vault.bucket?"), err);
    }

    @Test
    void aTypoInTheEnvironmentNamesItsVariableAndTheKeyItMeant() throws Exception {
        String err = refused(List.of(), Map.of("STRATA_VAULT_BUCKETT", "x", "STRATA_JMX_PORT", "9010"), "list");

        assertTrue(err.contains("Unknown setting 'strata.vault.buckett' (environment variable STRATA_VAULT_BUCKETT)"), err);
        assertTrue(err.contains("did you mean strata.vault.bucket?"), err);
    }

    @Test
    void aTypoInAPlanAttributeOfAConfigFileNamesTheAttributeOfThatPlan(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("prod.properties");
        Files.writeString(config, "strata.plan.nightly.cron=0 0 2 * * ?\nstrata.plan.nightly.resources=dynamodb:orders\n"
                + "strata.plan.nightly.retension=daily=7\n");

        String err = refused(List.of(), Map.of(), "--config", config.toString(), "run", "--plan", "nightly", "--once");

        assertTrue(err.contains("'strata.plan.nightly.retension'"), err);
        assertTrue(err.contains("did you mean strata.plan.nightly.retention?"), err);
    }
}
