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
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptTiming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code restore RP --to NEW --import}: the real SDK client calls ImportTable/DescribeImport on
 * {@link DynamoDbProxy}, which reads the recovery point's files from S3Mock as AWS would.
 */
class ImportRestoreIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static DynamoDbService service;
    private static final String NATIVE = TestAws.unique("native");

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2",
                "strata.dynamodb.import-poll-interval", "100ms", "strata.restore.allowed-buckets", NATIVE,
                proxy.setting()[0], proxy.setting()[1]);
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        DynamoDbSettings options = DynamoDbSettings.from(settings.properties());
        service = new DynamoDbService(dynamoDb, vault, options, DynamoDbPlans.none(),
                new TableExporter(dynamoDb, vault, options, Clock.systemUTC(), "us-east-1"),
                new NativeExporter(dynamoDb, vault, NativeExportSettings.defaults(), Clock.systemUTC(), "us-east-1",
                        AttemptTiming.DEFAULT, new Waiter(Duration.ofMillis(100))), NativeExportSettings.defaults(),
                () -> false);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    /** A table keyed pk/sk with a GSI on {@code text} (and an LSI when asked), 40 items, backed up by scan. */
    private static RecoveryPoint backup(String table, boolean lsi) {
        dynamoDb.createTable(r -> {
            r.tableName(table).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
                            a -> a.attributeName("text").attributeType(ScalarAttributeType.S))
                    .globalSecondaryIndexes(g -> g.indexName("by-text").keySchema(k -> k.attributeName("text")
                            .keyType("HASH")).projection(p -> p.projectionType(ProjectionType.ALL)));
            if (lsi) {
                r.localSecondaryIndexes(l -> l.indexName("by-pk-text").keySchema(k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("text").keyType("RANGE")).projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)));
            }
        });
        try {
            Tables.put(dynamoDb, table, IntStream.range(0, 40).mapToObj(i -> Tables.simple("p" + i % 7, i, "t" + i))
                    .toList());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return service.backup(table, null);
    }

    private static String restore(RecoveryPoint point, String target, Map<String, String> options) {
        return service.restore(vault, point, new RestoreRequest(target, options));
    }

    private static boolean exists(String table) {
        try {
            dynamoDb.describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Test
    void importsATableWithItsGsiAndTheSameItems() {
        String table = TestAws.unique("orders");
        RecoveryPoint point = backup(table, false);
        int before = proxy.imports().started();

        String result = restore(point, table + "-imported", Map.of("import", "true"));

        assertTrue(result.startsWith("Imported 40 items into " + table + "-imported"), result);
        assertEquals(Tables.scanAll(dynamoDb, table), Tables.scanAll(dynamoDb, table + "-imported"));
        TableDescription imported = dynamoDb.describeTable(r -> r.tableName(table + "-imported")).table();
        assertEquals(List.of("by-text"), imported.globalSecondaryIndexes().stream().map(g -> g.indexName()).toList());
        assertEquals("ACTIVE", imported.tableStatusAsString());
        assertEquals(1, proxy.imports().started() - before, "one ImportTable call");
    }

    @Test
    void aTableWithAnLsiIsRefusedAndNothingIsCreated() {
        String table = TestAws.unique("lsi");
        RecoveryPoint point = backup(table, true);

        RestoreException refused = assertThrows(RestoreException.class,
                () -> restore(point, table + "-imported", Map.of("import", "true")));

        assertTrue(refused.getMessage().contains("local secondary indexes [by-pk-text], which ImportTable cannot "
                + "create; restore without --import"), refused.getMessage());
        assertFalse(exists(table + "-imported"));
    }

    @Test
    void anExistingTargetIsRefusedBeforeAnyImport() {
        String table = TestAws.unique("taken");
        RecoveryPoint point = backup(table, false);
        int before = proxy.imports().started();

        RestoreException refused = assertThrows(RestoreException.class,
                () -> restore(point, table, Map.of("import", "true")));

        assertTrue(refused.getMessage().contains("Table " + table + " already exists: --import creates a new table"),
                refused.getMessage());
        assertEquals(before, proxy.imports().started());
        assertEquals(40, Tables.scanAll(dynamoDb, table).size(), "the existing table is untouched");
    }

    @Test
    void aFileRewrittenAfterTheProofWithADuplicateKeyFailsLoudlyAndTheTableIsDeleted() {
        String table = TestAws.unique("dup");
        RecoveryPoint point = backup(table, false);
        DataFile file = point.files().stream().filter(f -> f.itemCount() > 0).findFirst().orElseThrow();
        // Between Strata's proof and AWS's read: the file gains a second line with the key of its first.
        proxy.imports().beforeReading(prefix -> withDuplicateFirstLine(file.key()));
        try {
            RestoreException failed = assertThrows(RestoreException.class,
                    () -> restore(point, table + "-imported", Map.of("import", "true")));

            assertTrue(failed.getMessage().contains("ImportTable reports 40 items imported, 41 processed and 0 errors, "
                    + "but recovery point"), failed.getMessage());
            assertTrue(failed.getMessage().contains("(items sharing a key are kept once)"), failed.getMessage());
            assertTrue(failed.getMessage().endsWith("was deleted (--keep-partial keeps it)"), failed.getMessage());
            assertFalse(exists(table + "-imported"));
        } finally {
            proxy.imports().beforeReading(prefix -> { });
        }
    }

    @Test
    void refusalsAreExplainedAndThrottlingIsRetried() {
        String table = TestAws.unique("limits");
        RecoveryPoint point = backup(table, false);

        proxy.imports().refuseNext("LimitExceededException");
        RestoreException limit = assertThrows(RestoreException.class,
                () -> restore(point, table + "-a", Map.of("import", "true")));
        assertTrue(limit.getMessage().contains("the account runs as many imports as it allows (50 at once"),
                limit.getMessage());

        proxy.imports().refuseNext("ImportConflictException");
        RestoreException conflict = assertThrows(RestoreException.class,
                () -> restore(point, table + "-a", Map.of("import", "true")));
        assertTrue(conflict.getMessage().contains("an import with the same client token"), conflict.getMessage());
        assertFalse(exists(table + "-a"));

        // Three: the SDK's own attempts; Strata's backoff makes the fourth call.
        proxy.imports().refuseNext("ThrottlingException", "ThrottlingException", "ThrottlingException");
        assertTrue(restore(point, table + "-a", Map.of("import", "true")).startsWith("Imported 40 items"));
    }

    @Test
    void importsANativeExportWithTheKeysGiven() throws Exception {
        String export = "exports/AWSDynamoDB/01700000000000-1a2b3c4d/";
        clients.s3().createBucket(r -> r.bucket(NATIVE));
        byte[] data = NativeExportRestoreIT.gzip("{\"Item\":{\"pk\":{\"S\":\"u1\"},\"sk\":{\"N\":\"1\"}}}\n"
                + "{\"Item\":{\"pk\":{\"S\":\"u2\"},\"sk\":{\"N\":\"2\"},\"name\":{\"S\":\"Ada\"}}}\n");
        putNative(export + "data/aaaa1111.json.gz", data);
        putNative(export + "manifest-files.json", ("{\"itemCount\":2,\"md5Checksum\":\"" + NativeExportRestoreIT.md5(data)
                + "\",\"etag\":\"y\",\"dataFileS3Key\":\"" + export + "data/aaaa1111.json.gz\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        putNative(export + "manifest-summary.json", ("{\"version\":\"2020-06-30\",\"itemCount\":2,"
                + "\"outputFormat\":\"DYNAMODB_JSON\",\"manifestFilesS3Key\":\"" + export + "manifest-files.json\"}")
                .getBytes(StandardCharsets.UTF_8));
        String table = TestAws.unique("users");

        String result = service.restoreForeign("s3://" + NATIVE + "/exports", new RestoreRequest(table,
                Map.of("import", "true", "key", "pk:S,sk:N"))).orElseThrow();

        assertTrue(result.startsWith("Imported 2 items into " + table), result);
        assertEquals("Ada", Tables.scanAll(dynamoDb, table).get("u2|2").get("name").s());
    }

    private static void putNative(String key, byte[] bytes) {
        clients.s3().putObject(r -> r.bucket(NATIVE).key(key), RequestBody.fromBytes(bytes));
    }

    private static void withDuplicateFirstLine(String key) {
        try {
            byte[] gz = clients.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(key)).asByteArray();
            String text = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
                    StandardCharsets.UTF_8);
            String first = text.substring(0, text.indexOf('\n') + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                zip.write((text + first).getBytes(StandardCharsets.UTF_8));
            }
            clients.s3().putObject(r -> r.bucket(vault.bucket()).key(key), RequestBody.fromBytes(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
