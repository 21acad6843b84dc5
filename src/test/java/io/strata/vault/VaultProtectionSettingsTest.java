package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.config.SettingsException;
import io.strata.vault.lock.ObjectLockPolicy;
import io.strata.vault.lock.Protection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/** strata.vault.lock-mode, lock-days and require as typed: typos are errors naming the key and the value. */
class VaultProtectionSettingsTest {

    private static VaultSettings vault(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return VaultSettings.from(p);
    }

    private static String error(String... pairs) {
        return assertThrows(SettingsException.class, () -> vault(pairs)).getMessage();
    }

    @Test
    void unsetMeansFollowTheBucket() {
        VaultSettings vault = vault();

        assertEquals(ObjectLockPolicy.BUCKET, ObjectLockPolicy.of(vault.lockMode(), vault.lockDays()));
        assertEquals(EnumSet.noneOf(Protection.class), Protection.required(vault.require()));
    }

    @Test
    void modeDaysAndRequiredProtectionsAreRead() {
        VaultSettings vault = vault("strata.vault.lock-mode", " COMPLIANCE ", "strata.vault.lock-days", "35",
                "strata.vault.require", "versioning, object-lock,,versioning");

        assertEquals(new ObjectLockPolicy(Optional.of(ObjectLockMode.COMPLIANCE), OptionalInt.of(35)),
                ObjectLockPolicy.of(vault.lockMode(), vault.lockDays()));
        assertEquals(EnumSet.of(Protection.VERSIONING, Protection.OBJECT_LOCK), Protection.required(vault.require()));
    }

    @Test
    void typosAreNamed() {
        assertEquals("strata.vault.lock-mode must be GOVERNANCE or COMPLIANCE, not 'governance'",
                error("strata.vault.lock-mode", "governance"));
        assertEquals("strata.vault.lock-days must be between 1 and 36500, not 0", error("strata.vault.lock-days", "0"));
        assertEquals("strata.vault.lock-days must be a whole number, not '30d'", error("strata.vault.lock-days", "30d"));
        assertEquals("strata.vault.require names an unknown protection 'mfa' (known: versioning, mfa-delete, object-lock, "
                + "encryption, public-access-block, abort-incomplete-uploads, noncurrent-version-expiration)",
                assertThrows(SettingsException.class, () -> Protection.required(List.of("versioning", "mfa"))).getMessage());
    }
}
