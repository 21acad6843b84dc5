package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.vault.RecoveryPointKey;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backup names as DynamoDB accepts them, and found again only for this vault's own folders. */
class BackupNamesTest {

    private static final String VAULT = BackupNames.vaultId("my-backups", "");

    private static RecoveryPointKey key(String table) {
        return RecoveryPointKey.create("", "dynamodb", "us-east-1", table, Instant.parse("2026-11-22T02:00:00Z"));
    }

    @Test
    void aNameIsValidForDynamoDbEvenForTheLongestTableNameAndLeadsBackToItsFolder() {
        RecoveryPointKey key = key("orders.v2_eu-west");
        String longTable = "t".repeat(255);

        String name = BackupNames.of(key, VAULT);

        assertTrue(name.matches("[a-zA-Z0-9_.-]{3,255}"), name);
        assertTrue(name.startsWith("strata-20261122T020000Z-" + key.suffix() + "-" + VAULT + "-orders.v2_eu-west"), name);
        assertEquals(255, BackupNames.of(key(longTable), VAULT).length());
        assertEquals(Optional.of(key.prefix()), BackupNames.folder(name, VAULT, "", "us-east-1", "orders.v2_eu-west")
                .map(RecoveryPointKey::prefix));
        assertTrue(BackupNames.names(name, key));
    }

    @Test
    void anotherVaultsBackupOrOneNamedByHandIsNoFolderOfThisVault() {
        RecoveryPointKey key = key("orders");
        String other = BackupNames.of(key, BackupNames.vaultId("their-backups", ""));

        assertEquals(Optional.empty(), BackupNames.folder(other, VAULT, "", "us-east-1", "orders"));
        assertEquals(Optional.empty(), BackupNames.folder("nightly-by-hand", VAULT, "", "us-east-1", "orders"));
        assertEquals(Optional.empty(), BackupNames.folder("strata-20261122T020000Z-1a2b3c4d-" + VAULT + "-other", VAULT,
                "", "us-east-1", "orders"), "a name of another table's folder");
        assertFalse(BackupNames.names("strata-20261122T020000Z-00000000-" + VAULT + "-orders", key));
    }
}
