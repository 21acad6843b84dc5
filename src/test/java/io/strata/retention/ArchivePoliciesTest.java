package io.strata.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import io.strata.plan.PlanCatalog;
import io.strata.vault.StorageTier;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ArchivePoliciesTest {

    @Test
    void theIssuesExamplePolicyIsValid() {
        ArchivePolicy policy = policies("retention", "daily=7,weekly=4,monthly=12,yearly=7",
                "tiering", "30d:GLACIER_IR,90d:DEEP_ARCHIVE").of("nightly");

        assertEquals(12, policy.retention().orElseThrow().monthly());
        assertEquals(StorageTier.STANDARD, policy.tiering().objectTierAt(29));
        assertEquals(StorageTier.GLACIER_IR, policy.tiering().objectTierAt(30));
        assertEquals(StorageTier.DEEP_ARCHIVE, policy.tiering().objectTierAt(400));
        assertEquals(ArchivePolicy.TieringMode.COPY, policy.mode());
        assertEquals(128 * 1024, policy.minObjectBytes());
    }

    @Test
    void aPlanWithoutArchiveSettingsKeepsEverythingWhereItIs() {
        ArchivePolicy policy = policies().of("nightly");

        assertFalse(policy.isActive());
        assertTrue(policy.retention().isEmpty());
    }

    @Test
    void expiringInsideTheMinimumStorageTimeIsRefusedWithTheNumbers() {
        String message = failure("retention", "max-age=100d", "tiering", "30d:GLACIER_IR,90d:DEEP_ARCHIVE");
        assertContains(message, "strata.plan.nightly.retention rule max-age=100d keeps recovery points up to 100 days");
        assertContains(message, "moves them to DEEP_ARCHIVE at 90 days and AWS bills 180 days there");
        assertContains(message, "at least 270 days");
        assertContains(message, "strata.plan.nightly.allow-early-delete=true");

        message = failure("retention", "daily=7,weekly=5", "tiering", "30d:GLACIER_IR");
        assertContains(message, "weekly=5 keeps recovery points up to 35 days");
        assertContains(message, "at least 120 days");

        assertContains(failure("retention", "max-age=100d", "tiering", "30d:ARCHIVE"), "ARCHIVE at 30 days");
    }

    @Test
    void allowEarlyDeleteAcceptsTheFee() {
        ArchivePolicy policy = policies("retention", "max-age=100d", "tiering", "90d:DEEP_ARCHIVE",
                "allow-early-delete", "true").of("nightly");

        assertTrue(policy.allowEarlyDelete());
    }

    @Test
    void rulesThatEndBeforeTheFirstStepNeverPayAFee() {
        assertTrue(policies("retention", "daily=7,weekly=4", "tiering", "30d:GLACIER_IR").of("nightly").isActive());
    }

    @Test
    void badTieringIsNamedWithItsKey() {
        assertEquals("Invalid strata.plan.nightly.tiering = '90d:GLACIER_IR,30d:DEEP_ARCHIVE': "
                + "'30d:DEEP_ARCHIVE' comes after '90d:GLACIER_IR': ages must increase",
                failure("tiering", "90d:GLACIER_IR,30d:DEEP_ARCHIVE"));
        assertContains(failure("tiering", "30d:GLACIER,90d:GLACIER_IR"), "each step must name a colder class");
        assertContains(failure("tiering", "30d:GLACER"), "unknown storage class 'GLACER' (known: STANDARD, STANDARD_IA, "
                + "GLACIER_IR, GLACIER, DEEP_ARCHIVE, ARCHIVE)");
        assertContains(failure("tiering", "10d:STANDARD_IA"), "STANDARD_IA only from 30 days");
        assertContains(failure("tiering", "30 days:GLACIER"), "expected AGEd:CLASS");
        assertContains(failure("tiering", "30d:ARCHIVE,60d:ARCHIVE"), "ARCHIVE is given twice");
        assertContains(failure("tiering", "30d:STANDARD"), "a step names a colder class");
    }

    @Test
    void badRetentionIsNamedWithItsKey() {
        assertTrue(failure("retention", "daily=7,weeks=4")
                .startsWith("Invalid strata.plan.nightly.retention = 'daily=7,weeks=4': 'weeks=4' is not a retention rule"));
        assertContains(failure("retention", "daily=0"), "daily must be a count from 1");
        assertContains(failure("retention", "max-age=400"), "max-age must be days");
        assertContains(failure("retention", "daily=7,daily=3"), "'daily' is given twice");
    }

    @Test
    void modeSizeAndSecondVaultAreChecked() {
        ArchivePolicy policy = policies("tiering-mode", "lifecycle", "tiering-min-size", "1MB",
                "copy-to-vault", "backups-dr,us-west-2").of("nightly");
        assertEquals(ArchivePolicy.TieringMode.LIFECYCLE, policy.mode());
        assertEquals(1024 * 1024, policy.minObjectBytes());
        assertEquals(Optional.of("us-west-2"), policy.copyToVault().orElseThrow().region());

        assertContains(failure("tiering-mode", "move"), "tiering-mode = 'move': expected copy or lifecycle");
        assertContains(failure("tiering-min-size", "big"), "expected a size such as 128KB");
        assertContains(failure("copy-to-vault", "Backups_DR"), "expected BUCKET or BUCKET,REGION");
    }

    @Test
    void aMinimumSizeBeyondAnyObjectIsNamedInsteadOfOverflowing() {
        // 99999999999GB overflowed a long to a negative size: every object, however small, was "big enough".
        assertContains(failure("tiering-min-size", "99999999999GB"), "strata.plan.nightly.tiering-min-size = '99999999999GB'");
        assertContains(failure("tiering-min-size", "99999999999999999999"), "strata.plan.nightly.tiering-min-size");
        assertContains(failure("tiering-min-size", "6TB"), "expected a size such as 128KB");
        assertEquals(5L * 1024 * 1024 * 1024 * 1024, ArchivePolicies.bytes("5120GB"));
    }

    @Test
    void aSecondVaultInTheVaultItselfIsRefused() {
        Properties properties = new Properties();
        properties.setProperty("strata.vault.bucket", "backups");
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        properties.setProperty("strata.plan.nightly.copy-to-vault", "backups,us-west-2");
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);

        String message = assertThrows(SettingsException.class, () -> ArchivePolicies.from(properties, plans)).getMessage();

        assertEquals("Invalid strata.plan.nightly.copy-to-vault = 'backups': it is the vault itself (strata.vault.bucket); "
                + "a second copy belongs in another bucket, e.g. in another region", message);
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "'" + message + "' does not say '" + part + "'");
    }

    private static String failure(String... attributes) {
        return assertThrows(SettingsException.class, () -> policies(attributes)).getMessage();
    }

    private static ArchivePolicies policies(String... attributes) {
        Properties properties = new Properties();
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        for (int i = 0; i < attributes.length; i += 2) {
            properties.setProperty("strata.plan.nightly." + attributes[i], attributes[i + 1]);
        }
        return ArchivePolicies.from(properties, PlanCatalog.from(properties, Services.selectors()::parse));
    }
}
