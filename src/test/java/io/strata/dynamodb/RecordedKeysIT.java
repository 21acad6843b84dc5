package io.strata.dynamodb;

import io.strata.exit.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.Strata;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A recovery point whose descriptor was edited by hand, data, manifests and digests untouched:
 * its recorded key schema narrowed so that items share a key, a key type changed, or a recorded
 * size made impossible. {@code verify} and {@code restore} must refuse it, naming what is wrong,
 * and a restore must never report more items than the table holds.
 */
class RecordedKeysIT {

    private static String bucket;
    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("vault");
        settings = TestAws.settings(bucket, "strata.dynamodb.segments", "3");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    /** 100 items keyed pk+sk; items 97, 98 and 99 repeat the pk of items 0, 1 and 2 (97 distinct pk). */
    private static RecoveryPoint backup(String table) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 100).mapToObj(i -> Tables.simple("p" + (i % 97), i, "v" + i))
                .toList());
        return new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1").export(table, null);
    }

    private static ObjectNode descriptor(RecoveryPoint point) throws Exception {
        try (InputStream in = vault.open(RecoveryPointKey.parse(point.key()).descriptorKey())) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }

    private static void rewrite(RecoveryPoint point, ObjectNode descriptor) {
        clients.s3().putObject(r -> r.bucket(bucket).key(RecoveryPointKey.parse(point.key()).descriptorKey()),
                RequestBody.fromBytes(descriptor.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The descriptor's key schema made {@code pk} HASH only, of {@code type}, its local indexes dropped. */
    private static void narrowKeys(RecoveryPoint point, String type) throws Exception {
        ObjectNode descriptor = descriptor(point);
        ObjectNode schema = (ObjectNode) descriptor.get("schema");
        ArrayNode keys = schema.putArray("keySchema");
        keys.addObject().put("name", "pk").put("keyType", "HASH");
        ArrayNode attributes = schema.putArray("attributeDefinitions");
        attributes.addObject().put("name", "pk").put("type", type);
        schema.putArray("localSecondaryIndexes");
        rewrite(point, descriptor);
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static boolean tableExists(String table) {
        return dynamoDb.listTables().tableNames().contains(table);
    }

    @Test
    void aNarrowedKeySchemaFailsVerifyAndRestoreNamingTheSharedKey() throws Exception {
        String table = TestAws.unique("orders");
        RecoveryPoint point = backup(table);
        narrowKeys(point, "S");

        StrataCli.Result verify = strata("verify", point.key());
        assertEquals(ExitCode.FAILED.code(), verify.code(), verify.out() + verify.err());
        String said = verify.out() + verify.err();
        assertTrue(said.contains("share the key") && said.contains("pk=\"p0\""), said);

        StrataCli.Result restore = strata("restore", point.key(), "--to", table + "-restored");
        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.out() + restore.err());
        assertTrue(restore.err().contains("share the key") && restore.err().contains("pk=\"p"), restore.err());
        assertFalse(restore.out().contains("Restored"), restore.out());
        assertFalse(tableExists(table + "-restored"), "nothing was created");
    }

    @Test
    void anItemWithoutTheRecordedKeyTypeFailsVerifyAndRestore() throws Exception {
        String table = TestAws.unique("orders");
        RecoveryPoint point = backup(table);
        narrowKeys(point, "N"); // the items hold pk as a string

        StrataCli.Result verify = strata("verify", point.key());
        assertEquals(ExitCode.FAILED.code(), verify.code(), verify.out() + verify.err());
        assertTrue((verify.out() + verify.err()).contains("'pk' of type S, not N"), verify.out() + verify.err());

        StrataCli.Result restore = strata("restore", point.key(), "--to", table + "-restored");
        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.out() + restore.err());
        assertTrue(restore.err().contains("'pk' of type S, not N"), restore.err());
        assertFalse(tableExists(table + "-restored"), "nothing was created");
    }

    @Test
    void impossibleRecordedSizesAreRefusedNamingTheField() throws Exception {
        String table = TestAws.unique("orders");
        RecoveryPoint point = backup(table);
        ObjectNode descriptor = descriptor(point);
        descriptor.put("bytes", -5);
        rewrite(point, descriptor);

        StrataCli.Result verify = strata("verify", point.key());
        assertEquals(ExitCode.FAILED.code(), verify.code(), verify.out() + verify.err());
        assertTrue((verify.out() + verify.err()).contains("bytes is -5"), verify.out() + verify.err());
        StrataCli.Result restore = strata("restore", point.key(), "--to", table + "-restored");
        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.out() + restore.err());
        assertTrue(restore.err().contains("bytes is -5"), restore.err());

        descriptor.put("bytes", point.bytes() + 1); // no longer the sum of its files' sizes
        ((ObjectNode) descriptor.get("files").get(0)).put("bytes", -1);
        rewrite(point, descriptor);
        StrataCli.Result again = strata("verify", point.key());
        assertEquals(ExitCode.FAILED.code(), again.code(), again.out() + again.err());
        String said = again.out() + again.err();
        assertTrue(said.contains(point.files().get(0).key() + ": bytes is -1"), said);
        assertTrue(said.contains("bytes is " + (point.bytes() + 1) + " but its files hold"), said);
    }

    /**
     * What the table holds after the last write is counted (a parallel Select=COUNT Scan), not the
     * items sent: 97 items in a table the restore created, against a recovery point of 100, fail.
     */
    @Test
    void aTableHoldingFewerItemsThanTheRecoveryPointFailsNamingBothNumbers() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 97).mapToObj(i -> Tables.simple("p" + i, i, "v")).toList());

        RestoreException created = assertThrows(RestoreException.class,
                () -> new RestoredCount(dynamoDb, 3).check(table, 100, true));
        assertEquals("table " + table + " holds 97 items, the recovery point has 100", created.getMessage());
        RestoreException existing = assertThrows(RestoreException.class,
                () -> new RestoredCount(dynamoDb, 3).check(table, 100, false));
        assertTrue(existing.getMessage().startsWith("table " + table + " holds 97 items, fewer than the 100 of the "
                + "recovery point"), existing.getMessage());
        new RestoredCount(dynamoDb, 3).check(table, 97, true);
        new RestoredCount(dynamoDb, 3).check(table, 90, false);
    }
}
