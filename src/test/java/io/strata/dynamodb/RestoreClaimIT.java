package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.AtomicConditionalWrites;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.attempt.RestoreClaim;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One restore per target at a time: two restores into one empty table started together — exactly
 * one writes, the other is refused naming the first; a claim left by a killed restore (its lease
 * lapsed) does not block the next one.
 */
class RestoreClaimIT {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2");
        // S3Mock checks a conditional write's precondition and then writes, unlocked: S3 does both at once.
        clients = TestAws.clients(settings, new AtomicConditionalWrites());
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static ExportSource backup(String table, int items) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, items).mapToObj(i -> Tables.simple("p" + i, i, "v" + i)).toList());
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        return new ExportSourceResolver(vault).resolve(point.key());
    }

    private static RestoreResult restore(ExportSource source, String target) {
        return new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties())).restore(source, target,
                new RestoreOptions(false, null, false));
    }

    private static boolean claimExists(String target) {
        try {
            vault.s3().headObject(r -> r.bucket(vault.bucket()).key(RestoreClaim.key(vault, "us-east-1", target)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void twoRestoresIntoOneEmptyTableStartedTogetherOneWritesTheOtherIsRefusedNamingIt() throws Exception {
        ExportSource source = backup(TestAws.unique("orders"), 3000);
        String target = TestAws.unique("orders-restored");
        Tables.create(dynamoDb, target); // empty: both used to say "(existing table)" and write

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<RestoreResult>> restores = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            restores.add(pool.submit(() -> {
                go.await();
                return restore(source, target);
            }));
        }
        go.countDown();
        List<RestoreResult> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Future<RestoreResult> restore : restores) {
            try {
                done.add(restore.get());
            } catch (java.util.concurrent.ExecutionException e) {
                refused.add(e.getCause().getMessage());
            }
        }
        pool.shutdown();

        assertEquals(1, done.size(), "exactly one restore wrote; refused: " + refused);
        assertEquals(1, refused.size());
        String message = refused.get(0);
        assertTrue(message.startsWith("Another restore is writing into " + target + ": " + source.reference() + " on "),
                message);
        assertTrue(message.contains("started at ") && message.contains("nothing was written"), message);
        assertEquals(3000, Tables.scanAll(dynamoDb, target).size());
        assertFalse(claimExists(target), "the claim is released when the restore ends");
    }

    @Test
    void aClaimWhoseLeaseLapsedDoesNotBlockTheNextRestoreALiveOneDoes() throws Exception {
        ExportSource source = backup(TestAws.unique("orders"), 200);
        String target = TestAws.unique("orders-restored");
        String key = RestoreClaim.key(vault, "us-east-1", target);

        // What a restore on another host leaves while it runs: a claim whose lease runs for minutes.
        vault.putControl(key, Map.of("recoveryPoint", "strata/dynamodb/us-east-1/other/20240101T000000Z/",
                "host", "build-7", "pid", 4242, "startedAt", "2024-01-01T00:00:00Z",
                "leaseExpiresAt", Instant.now().plusSeconds(300).toString()));
        // S3Mock 5.2.0 honours If-None-Match: * and If-Match on PutObject as S3 does (412), one write at a
        // time; AtomicConditionalWrites adds S3's atomicity for writes at once.
        S3Exception exists = assertThrows(S3Exception.class, () -> vault.s3().putObject(r -> r.bucket(vault.bucket())
                .key(key).ifNoneMatch("*"), RequestBody.fromString("{}")));
        assertEquals(412, exists.statusCode());
        S3Exception otherEtag = assertThrows(S3Exception.class, () -> vault.s3().putObject(r -> r.bucket(vault.bucket())
                .key(key).ifMatch("\"0123456789abcdef0123456789abcdef\""), RequestBody.fromString("{}")));
        assertEquals(412, otherEtag.statusCode());

        RuntimeException live = assertThrows(RuntimeException.class, () -> restore(source, target));
        assertTrue(live.getMessage().startsWith("Another restore is writing into " + target
                + ": strata/dynamodb/us-east-1/other/20240101T000000Z/ on build-7 (pid 4242), started at "
                + "2024-01-01T00:00:00Z"), live.getMessage());
        assertFalse(dynamoDb.listTables().tableNames().contains(target), "the refused restore created nothing");

        // The same claim left by a restore killed with -9: its lease lapsed, nobody renews it.
        vault.putControl(key, Map.of("recoveryPoint", "strata/dynamodb/us-east-1/other/20240101T000000Z/",
                "host", "build-7", "pid", 4242, "startedAt", "2024-01-01T00:00:00Z",
                "leaseExpiresAt", Instant.now().minusSeconds(1).toString()));
        RestoreResult result = restore(source, target);
        assertEquals(200, result.items());
        assertEquals(200, Tables.scanAll(dynamoDb, target).size());
        assertFalse(claimExists(target), "the claim taken over is released at the end");
    }
}
