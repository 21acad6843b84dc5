package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.FlakyDynamoDb;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A restore under throttling and UnprocessedItems loses nothing, or says exactly what it lost. */
class RestoreRetriesIT {

    private static final int ITEMS = 2000;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static String table;
    private static RecoveryPoint point;

    @BeforeAll
    static void exportOnce() throws Exception {
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"));
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        table = TestAws.unique("flaky");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, ITEMS).mapToObj(i -> Tables.simple("p" + (i % 50), i, "v" + i)).toList());
        point = new TableExporter(dynamoDb, vault, settings.dynamodb(), Clock.systemUTC(), "us-east-1").export(table, null);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @Test
    void throttlingAndUnprocessedItemsAreRetriedUntilEveryItemIsWritten() {
        AtomicInteger calls = new AtomicInteger();
        DynamoDbClient flaky = FlakyDynamoDb.wrap(dynamoDb, 5, 0.4, calls);
        String target = table + "-retried";

        RestoreResult result = new TableRestorer(flaky, vault, new StrataSettings.DynamoDbSettings(0, 0, 1000, 8, 30))
                .restore(new ExportSourceResolver(vault).resolve(point.key()), target, false, null);

        assertEquals(ITEMS, result.items());
        assertTrue(calls.get() > ITEMS / 25 * 2, "the decorator forced retries: " + calls.get() + " calls");
        TableComparison.Result comparison = new TableComparison(dynamoDb, 2).compare(table, target, java.util.List.of("pk", "sk"));
        assertTrue(comparison.identical(), comparison.toString());
    }

    @Test
    void whenRetriesRunOutTheRestoreFailsAndCountsTheMissingItems() {
        DynamoDbClient neverWrites = FlakyDynamoDb.wrap(dynamoDb, 0, 1.0, new AtomicInteger());

        RestoreException error = assertThrows(RestoreException.class, () ->
                new TableRestorer(neverWrites, vault, new StrataSettings.DynamoDbSettings(0, 0, 1000, 4, 3))
                        .restore(new ExportSourceResolver(vault).resolve(point.key()), table + "-starved", false, null));

        assertTrue(error.getMessage().contains(ITEMS + " of " + ITEMS + " items were not written after 3 attempts"),
                error.getMessage());
    }
}
