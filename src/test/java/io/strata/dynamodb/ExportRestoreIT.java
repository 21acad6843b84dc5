package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.local.DemoTable;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Export to the vault and restore, against DynamoDB Local and the in-process S3 server. */
class ExportRestoreIT {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        settings = TestAws.settings(TestAws.unique("vault"));
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static TableExporter exporter(int segments) {
        var options = new DynamoDbSettings(segments, 0, 100, 4, 12);
        return new TableExporter(dynamoDb, vault, options, Clock.systemUTC(), "us-east-1");
    }

    private static RestoreResult restore(RecoveryPoint point, String target) {
        return new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties()))
                .restore(new ExportSourceResolver(vault).resolve(point.key()), target, false, null);
    }

    @Test
    void everyAttributeTypeSurvivesTheRoundTrip() throws Exception {
        String table = TestAws.unique("types");
        new TableCreator(dynamoDb).create(table, DemoTable.schema());
        new TableCreator(dynamoDb).applySettings(table, DemoTable.schema());
        Random random = new Random(7);
        List<Map<String, AttributeValue>> items = IntStream.range(0, 300).mapToObj(i -> DemoTable.item(i, random)).toList();
        Tables.put(dynamoDb, table, items);

        RecoveryPoint point = exporter(4).export(table, "test");
        restore(point, table + "-restored");

        assertEquals(300, point.itemCount());
        Map<String, Map<String, AttributeValue>> restored = Tables.scanAll(dynamoDb, table + "-restored");
        assertEquals(300, restored.size());
        for (Map<String, AttributeValue> original : items) {
            Map<String, AttributeValue> copy = restored.get(original.get("pk").s() + "|" + original.get("sk").n());
            assertNotNull(copy, "missing " + original.get("sk"));
            assertEquals(TableComparison.digest(original), TableComparison.digest(copy), "item " + original.get("sk"));
        }
        Map<String, AttributeValue> first = restored.get("customer#0|0");
        assertEquals("12345678901234567890123456789012345678", first.get("amount").n());
        assertEquals(items.get(0).get("address").m().get("thumbnail").b(), first.get("address").m().get("thumbnail").b());
        assertEquals(items.get(0).get("events").l().get(2).b(), first.get("events").l().get(2).b());
        assertEquals("", first.get("note").s());
        assertTrue(first.get("coupon").nul());
        assertTrue(first.get("address").m().get("empty").m().isEmpty());
        var restoredTable = dynamoDb.describeTable(r -> r.tableName(table + "-restored")).table();
        assertEquals("by-status", restoredTable.globalSecondaryIndexes().get(0).indexName());
        assertEquals("by-created", restoredTable.localSecondaryIndexes().get(0).indexName());
        assertEquals("expiresAt", dynamoDb.describeTimeToLive(r -> r.tableName(table + "-restored"))
                .timeToLiveDescription().attributeName());
        assertTrue(restoredTable.streamSpecification().streamEnabled());
    }

    @Test
    void itemsNearTheSizeLimitRoundTrip() throws Exception {
        String table = TestAws.unique("big");
        Tables.create(dynamoDb, table);
        Random random = new Random(1);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] blob = new byte[395_000];
            random.nextBytes(blob);
            items.add(Map.of("pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "blob", AttributeValue.fromB(SdkBytes.fromByteArray(blob))));
        }
        Tables.put(dynamoDb, table, items);

        RecoveryPoint point = exporter(2).export(table, null);
        restore(point, table + "-restored");

        Map<String, Map<String, AttributeValue>> restored = Tables.scanAll(dynamoDb, table + "-restored");
        assertEquals(6, restored.size());
        for (Map<String, AttributeValue> item : items) {
            assertEquals(item.get("blob").b(), restored.get("big|" + item.get("sk").n()).get("blob").b());
        }
        assertTrue(point.bytes() > 6 * 395_000, "random blobs do not compress: " + point.bytes());
    }

    @Test
    void emptyTableGivesAnEmptyRecoveryPointAndAnEmptyRestoredTable() {
        String table = TestAws.unique("empty");
        Tables.create(dynamoDb, table);

        RecoveryPoint point = exporter(4).export(table, null);
        RestoreResult result = restore(point, table + "-restored");

        assertEquals(0, point.itemCount());
        assertTrue(point.files().isEmpty());
        assertEquals(0, result.items());
        assertEquals(0, Tables.scanAll(dynamoDb, table + "-restored").size());
        assertTrue(new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key())).ok());
    }

    @Test
    void singleItemRoundTrips() throws Exception {
        String table = TestAws.unique("single");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, List.of(Tables.simple("only", 1, "one")));

        RecoveryPoint point = exporter(8).export(table, null);
        restore(point, table + "-restored");

        assertEquals(1, point.files().size(), "segments without items write no file");
        assertEquals(Map.of("only|1", Tables.simple("only", 1, "one")), Tables.scanAll(dynamoDb, table + "-restored"));
    }

    @Test
    void oneAndEightSegmentsExportTheSameItems() throws Exception {
        String table = TestAws.unique("segments");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 1000).mapToObj(i -> Tables.simple("p" + (i % 37), i, "v" + i)).toList());

        RecoveryPoint one = exporter(1).export(table, null);
        Thread.sleep(1100); // recovery points are keyed by the second
        RecoveryPoint eight = exporter(8).export(table, null);

        assertEquals(1, one.files().size());
        assertEquals(8, eight.files().size());
        assertEquals(1000, one.itemCount());
        assertEquals(1000, eight.itemCount());
        assertEquals(itemDigests(one), itemDigests(eight));
    }

    @Test
    void manifestsMatchTheStoredObjectsAndEveryObjectIsEncrypted() throws Exception {
        String table = TestAws.unique("manifest");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 500).mapToObj(i -> Tables.simple("m", i, "x".repeat(i))).toList());

        RecoveryPoint point = exporter(4).export(table, "nightly");

        ExportManifest.Summary summary;
        try (InputStream in = vault.open(point.exportPrefix() + ExportManifest.SUMMARY)) {
            summary = ExportManifest.readSummary(in);
        }
        assertEquals(500, summary.itemCount());
        assertEquals("DYNAMODB_JSON", summary.outputFormat());
        assertEquals("2020-06-30", summary.version());
        assertEquals(vault.bucket(), summary.s3Bucket());
        assertEquals("AES256", summary.s3SseAlgorithm());
        assertEquals(point.exportPrefix() + ExportManifest.FILES, summary.manifestFilesS3Key());
        assertTrue(summary.exportArn().startsWith(summary.tableArn() + "/export/"));
        // The summary is plain JSON with AWS's field names.
        try (InputStream in = vault.open(point.exportPrefix() + ExportManifest.SUMMARY)) {
            var fields = Json.MAPPER.readTree(in).fieldNames();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(names::add);
            assertEquals(List.of("version", "exportArn", "startTime", "endTime", "tableArn", "tableId", "exportTime",
                    "s3Bucket", "s3Prefix", "s3SseAlgorithm", "s3SseKmsKeyId", "manifestFilesS3Key", "billedSizeBytes",
                    "itemCount", "outputFormat"), names);
        }
        List<ExportManifest.FileEntry> entries;
        try (InputStream in = vault.open(point.exportPrefix() + ExportManifest.FILES)) {
            entries = ExportManifest.readFiles(in);
        }
        assertEquals(point.files().size(), entries.size());
        long total = 0;
        for (ExportManifest.FileEntry entry : entries) {
            byte[] bytes = vault.open(entry.dataFileS3Key()).readAllBytes();
            assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes)),
                    entry.md5Checksum(), entry.dataFileS3Key());
            assertEquals(entry.itemCount(), ItemLines.count(bytes));
            assertTrue(entry.dataFileS3Key().startsWith(point.exportPrefix() + "data/"));
            assertTrue(entry.dataFileS3Key().endsWith(".json.gz"));
            total += entry.itemCount();
        }
        assertEquals(500, total);

        List<S3Object> objects = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(point.key()))
                .contents().stream().toList();
        assertEquals(entries.size() + 3, objects.size(), "data files, two manifests, recovery-point.json");
        for (S3Object object : objects) {
            var head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(object.key()));
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption(), object.key());
        }
    }

    @Test
    void refusesToRestoreIntoATableThatHoldsItemsUnlessOverwrite() throws Exception {
        String table = TestAws.unique("refuse");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, List.of(Tables.simple("a", 1, "original")));
        RecoveryPoint point = exporter(4).export(table, null);
        Tables.put(dynamoDb, table, List.of(Tables.simple("a", 1, "changed"), Tables.simple("b", 2, "new")));

        var source = new ExportSourceResolver(vault).resolve(point.key());
        var restorer = new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties()));
        RestoreException refused = assertThrows(RestoreException.class, () -> restorer.restore(source, table, false, null));
        assertTrue(refused.getMessage().contains("already exists and holds items"), refused.getMessage());
        assertEquals("changed", Tables.scanAll(dynamoDb, table).get("a|1").get("text").s(), "nothing was written");

        restorer.restore(source, table, true, null);
        assertEquals("original", Tables.scanAll(dynamoDb, table).get("a|1").get("text").s());
    }

    @Test
    void unknownTableFailsWithItsName() {
        var error = assertThrows(RuntimeException.class, () -> exporter(4).export("no-such-table-here", null));
        assertTrue(error.getMessage().contains("no-such-table-here") || error.getMessage().contains("non-existent"),
                error.getMessage());
        assertTrue(vault.list(p -> p.resource().equals("dynamodb:no-such-table-here")).points().isEmpty());
    }

    /** Digest of every item line of a recovery point, as a multiset. */
    private static Map<String, Integer> itemDigests(RecoveryPoint point) throws Exception {
        Map<String, Integer> digests = new HashMap<>();
        for (DataFile file : point.files()) {
            for (Map<String, AttributeValue> item : ItemLines.read(vault.open(file.key()).readAllBytes())) {
                digests.merge(TableComparison.digest(item), 1, Integer::sum);
            }
        }
        return digests;
    }

    /** Reads gzip'd DynamoDB JSON lines. */
    static final class ItemLines {
        static List<Map<String, AttributeValue>> read(byte[] gzip) throws Exception {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            try (var parser = new com.fasterxml.jackson.core.JsonFactory()
                    .createParser(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gzip)))) {
                Map<String, AttributeValue> item;
                while ((item = ItemCodec.readLine(parser)) != null) {
                    items.add(item);
                }
            }
            return items;
        }

        static long count(byte[] gzip) throws Exception {
            return read(gzip).size();
        }
    }
}
