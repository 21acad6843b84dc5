package io.strata.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceSelectorTest {

    @Test
    void parsesTheThreeDynamoDbForms() {
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.NAME, "orders", null),
                ResourceSelector.parse("dynamodb:orders"));
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.PREFIX, "orders-", null),
                ResourceSelector.parse(" dynamodb:orders-* "));
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.TAG, "prod", "env"),
                ResourceSelector.parse("dynamodb:tag/env=prod"));
    }

    @Test
    void rejectsMalformedSelectorsWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("orders"))
                .getMessage().contains("expected SERVICE:NAME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("dynamodb:a"))
                .getMessage().contains("3-255 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("dynamodb:or*ders"))
                .getMessage().contains("not a valid DynamoDB selector"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("rds:instance/db"))
                .getMessage().contains("'rds' is not supported yet"));
    }
}
