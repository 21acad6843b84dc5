package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.vault.RecoveryPointKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names checked as AWS checks them: selectors, restore targets, and the vault key segments Strata writes. */
class NameRulesTest {

    private static final String DYNAMODB_POINT = "strata/dynamodb/us-east-1/orders/20261122T020000Z-0123abcd/";
    private static final String RDS_POINT = "strata/rds/us-east-1/instance/db-1/20261122T020000Z-0123abcd/";
    private final Selectors selectors = Services.selectors();

    private String refused(String selector) {
        return assertThrows(IllegalArgumentException.class, () -> selectors.parse(selector), selector).getMessage();
    }

    private String targetRefused(String source, String target) {
        return assertThrows(IllegalArgumentException.class, () -> selectors.checkTarget(source, target, "--to"),
                target).getMessage();
    }

    @Test
    void dynamoDbTableNamesAreAsciiOf3To255() {
        selectors.parse("dynamodb:a.b_c-" + "x".repeat(240));
        refused("dynamodb:" + "x".repeat(256));
        assertTrue(refused("dynamodb:ｏrders１").contains("3-255 characters"));
        refused("dynamodb:../../etc/passwd");
        refused("dynamodb:orders\u202E");
    }

    @Test
    void rdsIdentifiersStartWithALetterWithoutDoubleOrTrailingHyphens() {
        selectors.parse("rds:instance/prod-db-1");
        selectors.parse("rds:cluster/a");
        for (String bad : List.of("rds:instance/prod--db", "rds:instance/prod-", "rds:instance/1db",
                "rds:cluster/" + "a".repeat(64), "rds:instance/ｄb", "rds:instance/../x")) {
            assertTrue(refused(bad).contains("not a valid RDS selector"), bad);
        }
    }

    @Test
    void ec2InstanceIdsAreIAnd8Or17Hex() {
        selectors.parse("ec2:instance/i-0123abcd");
        selectors.parse("ec2:instance/i-0123456789abcdef0");
        refused("ec2:instance/i-0123456789");
        refused("ec2:instance/i-0123ABCD");
        refused("ec2:instance/../../i-0123abcd");
    }

    @Test
    void aRestoreTargetIsCheckedByTheRuleOfTheServiceThatRestores() {
        assertEquals("--to '../../etc/passwd' is not a valid DynamoDB table name: 3-255 characters of a-z A-Z 0-9 _ . -",
                targetRefused(DYNAMODB_POINT, "../../etc/passwd"));
        targetRefused(DYNAMODB_POINT, "t".repeat(300));
        targetRefused(DYNAMODB_POINT, "ｏrders１");
        assertTrue(targetRefused("s3://vault/" + DYNAMODB_POINT, "a\u202Eb").contains("'a\\u202Eb'"));
        assertTrue(targetRefused(RDS_POINT, "orders_restored").contains("DB instance or cluster identifier"));
        targetRefused("rds:instance/db-1", "db--restored");
        selectors.checkTarget(DYNAMODB_POINT, "orders_restored.2026-11", "--to");
        selectors.checkTarget(RDS_POINT, "db-1-restored", "--to");
        // A native export's service is not told by its address: DynamoDB checks it when it restores.
        selectors.checkTarget("s3://exports/AWSDynamoDB/0123/", "../x", "--to");
    }

    @Test
    void noVaultKeyIsMadeWithADotDotOrControlSegment() {
        Instant now = Instant.parse("2026-11-22T02:00:00Z");
        for (String resource : List.of("..", "../../etc/passwd", "instance/..", "a//b", "", "orders\nx", "t\u202E")) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> RecoveryPointKey.create("", "dynamodb", "us-east-1", resource, now), resource).getMessage();
            assertTrue(message.startsWith("Not writing a vault key whose resource"), message);
        }
        assertThrows(IllegalArgumentException.class, () -> RecoveryPointKey.create("", "dynamodb", "../eu", "t", now));
        assertEquals("strata/rds/us-east-1/instance/db-1/", RecoveryPointKey.create("", "rds", "us-east-1",
                "instance/db-1", now).prefix().replaceAll("\\d{8}T\\d{6}Z-[0-9a-f]{8}/$", ""));
        assertTrue(RecoveryPointKey.create("", "dynamodb", "us-east-1", "a..b", now).prefix().contains("/a..b/"),
                "a name AWS accepts is written as it is");
    }
}
