package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.support.TestAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * strata.requests.prefix is only checked for being a folder: a prefix that is itself one of its siblings
 * (results/, processed/, failed/, or ops/results/ ...) makes the trigger read its own outcomes as new
 * requests, forever (each one is rejected, its outcome results/NAME.json.json is again a request ...).
 */
class HostileS3PrefixIT {

    @TempDir
    Path temp;

    @Test
    void aPrefixThatIsOneOfItsOwnOutcomeFoldersIsRefused() {
        for (String prefix : List.of("results/", "processed/", "failed/", "ops/results/")) {
            Properties p = new Properties();
            p.setProperty("strata.requests.bucket", "b");
            p.setProperty("strata.requests.prefix", prefix);
            assertThrows(SettingsException.class, () -> RequestSettings.from(p),
                    () -> "prefix " + prefix + " accepted although its outcomes go under "
                            + RequestSettings.from(p).parent() + "results/");
        }
    }

    /** End to end: a daemon configured with a results/ prefix does not start its trigger, so nothing loops. */
    @Test
    void aDaemonWithAResultsPrefixRefusesToStartItsTrigger() throws Exception {
        String bucket = TestAws.unique("loop");
        SettingsException refused = assertThrows(SettingsException.class, () -> {
            try (TriggerFixture aws = new TriggerFixture("strata.requests.bucket", bucket, "strata.requests.prefix",
                    "results/", "strata.requests.state-dir", temp.resolve("state").toString())) {
                aws.clients.s3().createBucket(r -> r.bucket(bucket));
                aws.clients.s3().putObject(r -> r.bucket(bucket).key("results/bad"),
                        RequestBody.fromBytes("not json".getBytes(StandardCharsets.UTF_8)));
                aws.start();
            }
        });

        assertTrue(refused.getMessage().contains("strata.requests.prefix must not be 'results/'"), refused.getMessage());
    }
}
