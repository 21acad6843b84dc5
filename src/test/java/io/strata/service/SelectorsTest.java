package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import org.junit.jupiter.api.Test;

/** Selectors checked against the registered services' syntax, before any AWS call. */
class SelectorsTest {

    private final Selectors selectors = Services.selectors();

    private String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> selectors.parse(text)).getMessage();
    }

    @Test
    void dynamoDbSelectorsFollowTableNameRules() {
        assertEquals("dynamodb:orders-*", selectors.parse("dynamodb:orders-*").toString());
        assertTrue(error("dynamodb:a").contains("3-255 characters"));
        assertTrue(error("dynamodb:or*ders").contains("not a valid DynamoDB selector"));
    }

    @Test
    void anUnknownServiceIsNamedWithTheKnownOnes() {
        String message = error("dynamo:orders");
        assertTrue(message.contains("service 'dynamo' is not supported yet (supported: dynamodb"), message);
    }
}
