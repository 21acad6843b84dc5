package io.strata.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shape every service's selectors share; each service checks its own ids (SelectorsTest). */
class ResourceSelectorTest {

    @Test
    void parsesNamesPrefixesAndTags() {
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.NAME, "orders", null),
                ResourceSelector.parse("dynamodb:orders"));
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.PREFIX, "orders-", null),
                ResourceSelector.parse(" dynamodb:orders-* "));
        assertEquals(new ResourceSelector("dynamodb", ResourceSelector.Kind.TAG, "prod", "env"),
                ResourceSelector.parse("dynamodb:tag/env=prod"));
        assertEquals(new ResourceSelector("rds", ResourceSelector.Kind.NAME, "instance/prod-db", null),
                ResourceSelector.parse("rds:instance/prod-db"));
        assertEquals("rds:instance/prod-db", ResourceSelector.parse("rds:instance/prod-db").toString());
    }

    @Test
    void rejectsWhatIsNoSelectorAtAll() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("orders"))
                .getMessage().contains("expected SERVICE:NAME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResourceSelector.parse("dynamodb:"))
                .getMessage().contains("expected SERVICE:NAME"));
    }
}
