package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.DynamoDbProxy;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A restore under throttling and UnprocessedItems loses nothing, or says exactly what it lost. The
 * faults come from {@link DynamoDbProxy} at the HTTP level, so the SDK's own retries run first.
 */
class RestoreRetriesIT {

    private static final int ITEMS = 2000;
    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static String table;
    private static RecoveryPoint point;

    @BeforeAll
    static void exportOnce() throws Exception {
        proxy = DynamoDbProxy.start();
        // The SDK retries every throttled call as in production, with short pauses: the calls are counted, not timed.
        String[] endpoint = proxy.setting();
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), endpoint[0], endpoint[1],
                "strata.aws.retry.max-backoff", "50ms");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        table = TestAws.unique("flaky");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, ITEMS).mapToObj(i -> Tables.simple("p" + (i % 50), i, "v" + i)).toList());
        point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1").export(table, null);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    @Test
    void throttlingAndUnprocessedItemsAreRetriedUntilEveryItemIsWritten() {
        String target = table + "-retried";
        int before = proxy.faults().calls();
        RestoreResult result;
        try {
            proxy.faults().inject(5, 0.4, 0);
            result = new TableRestorer(dynamoDb, vault, new DynamoDbSettings(0, 0, 1000, 8, 30))
                    .restore(new ExportSourceResolver(vault).resolve(point.key()), target, false, null);
        } finally {
            proxy.faults().off();
        }

        assertEquals(ITEMS, result.items());
        // Each call writes at most 60% of a batch and every 5th is throttled (then retried by the SDK
        // itself, each retry a call of its own): well over twice the 80 calls of a smooth restore.
        int calls = proxy.faults().calls() - before;
        assertTrue(calls > ITEMS / 25 * 2, "the proxy forced retries: " + calls + " calls");
        TableComparison.Result comparison = new TableComparison(dynamoDb, 2).compare(table, target, java.util.List.of("pk", "sk"));
        assertTrue(comparison.identical(), comparison.toString());
    }

    @Test
    void whenRetriesRunOutTheRestoreFailsAndCountsTheMissingItems() {
        RestoreException error;
        try {
            proxy.faults().inject(0, 1.0, 0);
            error = assertThrows(RestoreException.class, () ->
                    new TableRestorer(dynamoDb, vault, new DynamoDbSettings(0, 0, 1000, 4, 3))
                            .restore(new ExportSourceResolver(vault).resolve(point.key()), table + "-starved", false, null));
        } finally {
            proxy.faults().off();
        }

        assertTrue(error.getMessage().contains(ITEMS + " of " + ITEMS + " items were not written after 3 attempts"),
                error.getMessage());
    }
}
