package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecoveryPointKeyTest {

    private static final Instant TIME = Instant.parse("2026-11-22T04:05:06.789Z");

    @Test
    void followsTheVaultLayoutAndParsesBack() {
        RecoveryPointKey key = new RecoveryPointKey("backups/", "dynamodb", "eu-west-1", "orders", TIME, "0a1b2c3d");

        assertEquals("backups/strata/dynamodb/eu-west-1/orders/20261122T040506Z-0a1b2c3d/", key.prefix());
        assertEquals(key.prefix() + "recovery-point.json", key.descriptorKey());
        assertEquals("0a1b2c3d", RecoveryPointKey.parse(key.prefix()).suffix());
        assertEquals(key.prefix(), RecoveryPointKey.parse(key.descriptorKey()).prefix());
    }

    @Test
    void twoKeysOfOneResourceInOneSecondDiffer() {
        RecoveryPointKey first = RecoveryPointKey.create("", "dynamodb", "eu-west-1", "orders", TIME);
        RecoveryPointKey second = RecoveryPointKey.create("", "dynamodb", "eu-west-1", "orders", TIME);

        assertNotEquals(first.prefix(), second.prefix());
        assertTrue(first.stamp().startsWith("20261122T040506Z-"), first.stamp());
    }

    @Test
    void foldersWrittenBeforeSuffixesStayValid() {
        RecoveryPointKey old = RecoveryPointKey.parse("strata/dynamodb/eu-west-1/orders/20261122T040506Z/");

        assertEquals("", old.suffix());
        assertEquals("strata/dynamodb/eu-west-1/orders/20261122T040506Z/", old.prefix());
    }

    @Test
    void aNestedResourceIdKeepsItsPath() {
        RecoveryPointKey key = RecoveryPointKey.parse("p/strata/rds/eu-west-1/instance/prod-db/20261122T040506Z-0a1b2c3d/");

        assertEquals("instance/prod-db", key.resource());
        assertEquals("p/", key.vaultPrefix());
    }

    @Test
    void rejectsWhatIsNotARecoveryPoint() {
        assertThrows(IllegalArgumentException.class, () -> RecoveryPointKey.parse("strata/dynamodb/orders/"));
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryPointKey.parse("strata/dynamodb/eu-west-1/orders/20261122T040506Z-XYZ/"));
    }

    @Test
    void aVaultPrefixThatEndsInStrataParsesBackToTheSameServiceRegionAndResource() {
        // strata.vault.prefix=strata (or team/strata): misparsed, the archive found none of the plan's
        // recovery points (service "strata", region "dynamodb") and silently applied no retention.
        for (String vaultPrefix : new String[] {"strata/", "team/strata/", "strata/strata/"}) {
            RecoveryPointKey key = new RecoveryPointKey(vaultPrefix, "dynamodb", "eu-west-1", "orders",
                    Instant.parse("2026-11-22T04:05:06Z"), "0a1b2c3d");

            for (String written : new String[] {key.prefix(), key.descriptorKey()}) {
                assertEquals(key, RecoveryPointKey.parse(written), written);
            }
            assertEquals(key, RecoveryPointKey.find(key.prefix() + "AWSDynamoDB/01-ab/data/x.json.gz").orElseThrow());
        }
        RecoveryPointKey table = new RecoveryPointKey("strata/", "dynamodb", "eu-west-1", "strata",
                Instant.parse("2026-11-22T04:05:06Z"), "");
        assertEquals(table, RecoveryPointKey.parse(table.descriptorKey()), "a table named strata under that prefix");
    }
}
