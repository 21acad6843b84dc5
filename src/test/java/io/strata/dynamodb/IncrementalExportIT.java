package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.service.RestoreRequest;
import io.strata.service.Waiter;
import io.strata.support.DynamoDbProxy;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.attempt.AttemptTiming;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A plan with {@code dynamodb.incremental=PT6H}: full export, then incremental exports of 6-hour windows,
 * through the real SDK client against the export double (which reads the proxy's item history), on a clock
 * the test moves. The chain restores to the table as it was at its end; a gap starts a new chain; a restore
 * or a verify never spans a missing link; a tampered incremental fails the verify of the chain.
 */
class IncrementalExportIT {

    private static final SettableClock CLOCK = new SettableClock(Instant.now().minus(Duration.ofDays(3))
            .truncatedTo(ChronoUnit.SECONDS));
    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static DynamoDbService service;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        proxy.continuousBackups().useClock(CLOCK);
        proxy.history().useClock(CLOCK);
        proxy.exports().useClock(CLOCK);
        proxy.exports().itemsPerFile = 10;
        StrataSettings settings = TestAws.settings(TestAws.unique("incr-vault"), proxy.setting()[0], proxy.setting()[1],
                "strata.plan.nightly.resources", "dynamodb:orders", "strata.plan.nightly.cron", "0 0 */6 * * ?",
                "strata.plan.nightly.dynamodb.mode", "native-export", "strata.plan.nightly.dynamodb.incremental", "PT6H",
                "strata.plan.nightly.dynamodb.full-every", "P7D");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        DynamoDbSettings options = DynamoDbSettings.from(settings.properties());
        DynamoDbPlans plans = new DynamoDbPlans(settings.properties());
        service = new DynamoDbService(dynamoDb, vault, options, plans,
                new TableExporter(dynamoDb, vault, options, CLOCK, "us-east-1"),
                new NativeExporter(dynamoDb, vault, NativeExportSettings.defaults(), CLOCK, "us-east-1",
                        AttemptTiming.DEFAULT, new Waiter(Duration.ofMillis(50)), plans), NativeExportSettings.defaults(),
                () -> false);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    @Test
    void aChainRestoresToItsEndAGapStartsANewChainAndNeitherRestoreNorVerifySpansAMissingLink() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        proxy.continuousBackups().enable(table, 35);
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(Tables.simple("p" + i, i, "v0"));
        }
        Tables.put(dynamoDb, table, rows);
        CLOCK.advance(Duration.ofMinutes(1));

        RecoveryPoint full = service.backup(table, "nightly");
        assertTrue(ChainLink.of(full).isEmpty(), "the first export of a chain is a full one");

        CLOCK.advance(Duration.ofHours(1));
        put(table, "p1", 1, "v1");
        delete(table, "p2", 2);
        put(table, "new1", 100, "v1");
        CLOCK.advance(Duration.ofHours(5));
        RecoveryPoint first = service.backup(table, "nightly");
        ChainLink one = ChainLink.of(first).orElseThrow();
        assertEquals(1, one.number());
        assertEquals(full.key(), one.full());
        assertEquals(3, first.itemCount(), "one line per changed item: an update, a delete, an insert");

        CLOCK.advance(Duration.ofHours(2));
        put(table, "p1", 1, "v2");
        delete(table, "new1", 100);
        delete(table, "p3", 3);
        put(table, "new2", 101, "v2");
        CLOCK.advance(Duration.ofHours(4));
        RecoveryPoint second = service.backup(table, "nightly");
        assertEquals(new ChainLink(full.key(), one.fullTime(), first.key(), 2, one.to(), ChainLink.of(second).get().to(),
                List.of(full.key(), first.key())), ChainLink.of(second).orElseThrow(), "contiguous with the first");
        Map<String, Map<String, AttributeValue>> atEnd = Tables.scanAll(dynamoDb, table);
        put(table, "later", 7, "not in the chain");

        String target = TestAws.unique("orders-restored");
        String made = service.restore(vault, second, new RestoreRequest(target, Map.of()));
        assertEquals(atEnd, Tables.scanAll(dynamoDb, target), made);
        assertEquals(29, atEnd.size());
        assertTrue(service.verify(vault, second).ok(), service.verify(vault, second).problems().toString());

        // 18 hours without an export: a missed window. The next run starts a new chain, saying why.
        CLOCK.advance(Duration.ofHours(18));
        RecoveryPoint afterGap = service.backup(table, "nightly");
        assertTrue(ChainLink.of(afterGap).isEmpty(), "a gap starts a new full export");
        assertTrue(afterGap.afterGap().orElse("").startsWith("gap: no export covers"),
                afterGap.details().toString());

        // An incremental file altered in the vault: the chain's verify names it.
        DataFile file = first.files().get(0);
        vault.s3().putObject(r -> r.bucket(vault.bucket()).key(file.key()), RequestBody.fromBytes(gzip(
                "{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1\"}},\"Keys\":{\"pk\":{\"S\":\"p9\"},\"sk\":{\"N\":\"9\"}}}\n")));
        VerificationReport tampered = service.verify(vault, second);
        assertFalse(tampered.ok());
        assertTrue(String.join("; ", tampered.problems()).contains(first.key() + " (chain): "), tampered.problems().toString());

        // A link gone from the vault: restore and verify refuse, naming the gap; nothing is created.
        vault.s3().deleteObject(r -> r.bucket(vault.bucket()).key(first.key() + "recovery-point.json"));
        String refusedTarget = TestAws.unique("orders-refused");
        RestoreException refused = assertThrows(RestoreException.class,
                () -> service.restore(vault, second, new RestoreRequest(refusedTarget, Map.of())));
        assertTrue(refused.getMessage().contains("gap: " + first.key()), refused.getMessage());
        assertTrue(dynamoDb.listTables().tableNames().stream().noneMatch(refusedTarget::equals));
        assertFalse(service.verify(vault, second).ok());
    }

    private static void put(String table, String pk, int sk, String text) {
        dynamoDb.putItem(r -> r.tableName(table).item(Tables.simple(pk, sk, text)));
    }

    private static void delete(String table, String pk, int sk) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromN(String.valueOf(sk)))));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
