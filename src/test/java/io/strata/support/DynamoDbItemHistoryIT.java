package io.strata.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.strata.config.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The item history double, fed by the real SDK client's writes through the proxy. */
class DynamoDbItemHistoryIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        proxy.continuousBackups().useClock(CLOCK);
        proxy.history().useClock(CLOCK);
        clients = TestAws.clients(TestAws.settings(TestAws.unique("vault"), proxy.setting()));
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    @Test
    void everyWriteOfATableWithPitrIsAVersionAndAWindowHoldsEachChangedItemOnce() throws Exception {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, List.of(item("before", 1, "x")));
        proxy.continuousBackups().enable(table, 7);
        Instant from = CLOCK.instant();

        CLOCK.advance(Duration.ofMinutes(1));
        Tables.put(dynamoDb, table, List.of(item("a", 1, "v1"), item("b", 1, "v1")));
        CLOCK.advance(Duration.ofMinutes(1));
        dynamoDb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("v2"))));
        dynamoDb.deleteItem(r -> r.tableName(table).key(key("before")));
        CLOCK.advance(Duration.ofMinutes(1));
        Instant to = CLOCK.instant();
        dynamoDb.putItem(r -> r.tableName(table).item(item("b", 1, "later")));

        List<DynamoDbItemHistory.Change> changes = proxy.history().changes(table, from, to);
        assertEquals(3, changes.size(), changes.toString());
        DynamoDbItemHistory.Change a = change(changes, "a");
        assertNull(a.oldImage(), "a new item has no old image");
        assertEquals("v2", a.newImage().path("v").path("S").asText(), "the state at the window's end");
        DynamoDbItemHistory.Change gone = change(changes, "before");
        assertEquals("x", gone.oldImage().path("v").path("S").asText());
        assertNull(gone.newImage(), "a delete has no new image");
        assertEquals("v1", change(changes, "b").newImage().path("v").path("S").asText(),
                "a write at the window's end (exclusive) is not in it");
        assertEquals(2, proxy.history().stateAt(table, to).size(), "a and b at the end; before was deleted");
        assertEquals(1, proxy.history().stateAt(table, from).size(), "only the item written before PITR");
    }

    private static DynamoDbItemHistory.Change change(List<DynamoDbItemHistory.Change> changes, String pk) {
        return changes.stream().filter(c -> c.keys().path("pk").path("S").asText().equals(pk)).findFirst().orElseThrow();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"));
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String v) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(String.valueOf(sk)),
                "v", AttributeValue.fromS(v));
    }
}
