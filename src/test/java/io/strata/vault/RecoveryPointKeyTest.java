package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecoveryPointKeyTest {

    @Test
    void followsTheVaultLayoutAndParsesBack() {
        RecoveryPointKey key = new RecoveryPointKey("backups/", "dynamodb", "eu-west-1", "orders",
                Instant.parse("2026-11-22T04:05:06.789Z"));

        assertEquals("backups/strata/dynamodb/eu-west-1/orders/20261122T040506Z/", key.prefix());
        assertEquals(key.prefix() + "recovery-point.json", key.descriptorKey());
        assertEquals(key.prefix(), RecoveryPointKey.parse(key.prefix()).prefix());
        assertEquals(key.prefix(), RecoveryPointKey.parse(key.descriptorKey()).prefix());
    }

    @Test
    void rejectsWhatIsNotARecoveryPoint() {
        assertThrows(IllegalArgumentException.class, () -> RecoveryPointKey.parse("strata/dynamodb/orders/"));
    }
}
