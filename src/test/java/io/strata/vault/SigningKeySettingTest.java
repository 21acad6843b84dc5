package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import io.strata.config.SettingsLoader;
import io.strata.config.StrataSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** strata.vault.signing-key and strata.aws.endpoint.kms as typed: blank is off, a key KMS could not name is an error. */
class SigningKeySettingTest {

    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    private static StrataSettings settings(String... pairs) {
        return StrataSettings.from(properties(pairs));
    }

    private static VaultSettings vault(String... pairs) {
        return VaultSettings.from(properties(pairs));
    }

    @Test
    void blankOrUnsetIsOff() {
        assertEquals("", vault().signingKey());
        assertEquals("", vault("strata.vault.signing-key", "  ").signingKey());
    }

    @Test
    void everyFormKmsNamesAKeyByIsTaken() {
        for (String key : new String[] {"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab",
                "alias/strata-catalog", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn:aws:kms:eu-west-1:123456789012:alias/strata-catalog",
                "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"}) {
            assertEquals(key, vault("strata.vault.signing-key", " " + key + " ").signingKey());
        }
    }

    @Test
    void aKeyKmsCouldNotNameIsRefusedNamingTheSetting() {
        for (String typo : new String[] {"strata-catalog", "alias/", "arn:aws:kms:eu-west-1:123456789012:key/strata",
                "arn:aws:kms:eu-west-1:12345:alias/x", "1234abcd-12ab-34cd-56ef"}) {
            String message = assertThrows(SettingsException.class,
                    () -> vault("strata.vault.signing-key", typo)).getMessage();
            assertTrue(message.startsWith("strata.vault.signing-key must name a KMS HMAC_SHA_256 key"), message);
            assertTrue(message.endsWith("not '" + typo + "'"), message);
        }
    }

    @Test
    void theKmsEndpointIsItsOwnOrTheCommonOne() {
        assertEquals(URI.create("http://127.0.0.1:4599"),
                settings("strata.aws.endpoint.kms", "http://127.0.0.1:4599").endpointFor("kms").orElseThrow());
        assertEquals(URI.create("http://localhost:4566"),
                settings("strata.aws.endpoint", "http://localhost:4566").endpointFor("kms").orElseThrow());
        assertTrue(assertThrows(SettingsException.class, () -> settings("strata.aws.endpoint.kms", "127.0.0.1:4599"))
                .getMessage().startsWith("strata.aws.endpoint.kms must be a URL"));
    }

    @Test
    void bothKeysAreDeclaredSoTheirEnvironmentVariablesReachThem() {
        Properties loaded = new SettingsLoader(Services.settings(), Map.of("STRATA_VAULT_SIGNING_KEY", "alias/k",
                "STRATA_AWS_ENDPOINT_KMS", "http://127.0.0.1:4599"), new Properties()).load(Path.of("/nonexistent"), null);

        assertTrue(List.of("strata.vault.signing-key", "strata.aws.endpoint.kms").stream()
                .allMatch(key -> Services.settings().find(key).isPresent()));
        assertEquals("alias/k", loaded.getProperty("strata.vault.signing-key"));
        assertEquals("http://127.0.0.1:4599", loaded.getProperty("strata.aws.endpoint.kms"));
    }
}
