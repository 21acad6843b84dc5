package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Each trigger only when its key is set; results/, processed/ and failed/ beside the request prefix. */
class RequestSettingsTest {

    private static RequestSettings of(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return RequestSettings.from(p);
    }

    @Test
    void nothingIsConfiguredByDefault() {
        RequestSettings settings = of();
        assertTrue(settings.bucket().isEmpty() && settings.inbox().isEmpty() && settings.sqsQueueUrl().isEmpty());
        assertEquals("requests/", settings.prefix());
        assertEquals("", settings.parent());
        assertEquals(Path.of("./.strata-state"), settings.stateDir());
        assertEquals(Duration.ofSeconds(5), settings.pollInterval());
    }

    @Test
    void theParentOfANestedPrefixHoldsTheOutcomeFolders() {
        RequestSettings settings = of("strata.requests.bucket", "ops", "strata.requests.prefix", "team/a/requests",
                "strata.inbox", "/var/strata/inbox");
        assertEquals("team/a/requests/", settings.prefix());
        assertEquals("team/a/", settings.parent());
        assertEquals(Path.of("/var/strata/inbox"), settings.inbox().orElseThrow());
    }

    @Test
    void aPrefixThatIsNoFolderIsRefusedNamingTheKey() {
        assertTrue(assertThrows(SettingsException.class, () -> of("strata.requests.prefix", "/"))
                .getMessage().startsWith("strata.requests.prefix must name a folder"));
    }
}
