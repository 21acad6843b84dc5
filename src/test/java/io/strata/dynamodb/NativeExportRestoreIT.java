package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.exit.UsageException;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restore of an export laid out as DynamoDB's native Export to S3 writes it, written here by hand
 * (not by Strata's own writer) from the format in AWS's documentation.
 */
class NativeExportRestoreIT {

    private static final String EXPORT = "AWSDynamoDB/01700000000000-1a2b3c4d/";
    private static AwsClients clients;
    private static Vault vault;
    private static String bucket;

    @BeforeAll
    static void writeNativeExport() throws Exception {
        bucket = TestAws.unique("native");
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.restore.allowed-buckets", bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        clients.s3().createBucket(r -> r.bucket(bucket));
        String blob = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255});
        byte[] first = gzip(
                "{\"Item\":{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"1\"},\"name\":{\"S\":\"Ada\"},"
                        + "\"avatar\":{\"B\":\"" + blob + "\"},\"roles\":{\"SS\":[\"admin\",\"dev\"]}}}\n"
                        + "{\"Item\":{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"2\"},\"meta\":{\"M\":{\"n\":{\"N\":"
                        + "\"12345678901234567890123456789012345678\"},\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":false},"
                        + "{\"B\":\"" + blob + "\"}]}}}}}\n");
        byte[] second = gzip(
                "{\"Item\":{\"pk\":{\"S\":\"user#2\"},\"sk\":{\"N\":\"-7.5\"},\"scores\":{\"NS\":[\"1\",\"2.5\"]},"
                        + "\"bins\":{\"BS\":[\"" + blob + "\"]},\"empty\":{\"S\":\"\"}}}\n");
        put("exports/" + EXPORT + "data/aaaa1111.json.gz", first);
        put("exports/" + EXPORT + "data/bbbb2222.json.gz", second);
        put("exports/" + EXPORT + "manifest-files.json", (
                "{\"itemCount\":2,\"md5Checksum\":\"" + md5(first) + "\",\"etag\":\"y\",\"dataFileS3Key\":\"exports/" + EXPORT
                        + "data/aaaa1111.json.gz\"}\n"
                        + "{\"itemCount\":1,\"md5Checksum\":\"" + md5(second) + "\",\"etag\":\"y\",\"dataFileS3Key\":\"exports/" + EXPORT
                        + "data/bbbb2222.json.gz\"}\n").getBytes(StandardCharsets.UTF_8));
        put("exports/" + EXPORT + "manifest-summary.json", ("{\"version\":\"2020-06-30\",\"exportArn\":"
                + "\"arn:aws:dynamodb:us-east-1:123456789012:table/users/export/01700000000000-1a2b3c4d\","
                + "\"startTime\":\"2023-11-14T22:13:20.000Z\",\"endTime\":\"2023-11-14T22:18:20.000Z\","
                + "\"tableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/users\",\"tableId\":\"abc\","
                + "\"exportTime\":\"2023-11-14T22:13:20.000Z\",\"s3Bucket\":\"" + bucket + "\",\"s3Prefix\":\"exports\","
                + "\"s3SseAlgorithm\":\"AES256\",\"s3SseKmsKeyId\":null,\"manifestFilesS3Key\":\"exports/" + EXPORT
                + "manifest-files.json\",\"billedSizeBytes\":0,\"itemCount\":3,\"outputFormat\":\"DYNAMODB_JSON\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static void put(String key, byte[] bytes) {
        clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    static String md5(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private RestoreResult restore(String uri, String table, String keys) {
        return new TableRestorer(clients.dynamoDb(), vault, new DynamoDbSettings(0, 0, 1000, 2, 5))
                .restore(new ExportSourceResolver(vault).resolve(uri), table, false, keys);
    }

    @Test
    void restoresANativeExportWithTheKeysGiven() {
        String table = TestAws.unique("users");

        RestoreResult result = restore("s3://" + bucket + "/exports", table, "pk:S,sk:N");

        assertEquals(3, result.items());
        Map<String, Map<String, AttributeValue>> items = Tables.scanAll(clients.dynamoDb(), table);
        assertEquals(3, items.size());
        assertEquals("Ada", items.get("user#1|1").get("name").s());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, 1, 2, (byte) 255},
                items.get("user#1|1").get("avatar").b().asByteArray());
        assertEquals(java.util.Set.of("admin", "dev"), java.util.Set.copyOf(items.get("user#1|1").get("roles").ss()));
        assertEquals("12345678901234567890123456789012345678", items.get("user#1|2").get("meta").m().get("n").n());
        assertEquals((byte) 255, items.get("user#1|2").get("meta").m().get("l").l().get(2).b().asByteArray()[3]);
        assertEquals("", items.get("user#2|-7.5").get("empty").s());
    }

    @Test
    void acceptsTheExportFolderItselfAndAnExistingEmptyTable() {
        String table = TestAws.unique("users");
        Tables.create(clients.dynamoDb(), table);

        RestoreResult result = restore("s3://" + bucket + "/exports/" + EXPORT, table, null);

        assertEquals(3, result.items());
        assertEquals(3, Tables.scanAll(clients.dynamoDb(), table).size());
    }

    @Test
    void withoutKeysOrTableTheErrorSaysWhatToPass() {
        RestoreException error = assertThrows(RestoreException.class,
                () -> restore("s3://" + bucket + "/exports", TestAws.unique("nokeys"), null));

        assertTrue(error.getMessage().contains("--key"), error.getMessage());
    }

    @Test
    void aNativeExportInABucketTheSettingsDoNotAllowIsRefusedNamingBucketAndSetting() {
        Vault strict = TestAws.vault(clients, TestAws.settings(vault.bucket()));

        UsageException error = assertThrows(UsageException.class,
                () -> new ExportSourceResolver(strict).resolve("s3://" + bucket + "/exports"));

        assertTrue(error.getMessage().contains("Bucket '" + bucket + "' is not a vault"), error.getMessage());
        assertTrue(error.getMessage().contains("strata.restore.allowed-buckets"), error.getMessage());
    }

    @Test
    void aPrefixWithoutExportIsNamedInTheError() {
        VaultException error = assertThrows(VaultException.class,
                () -> new ExportSourceResolver(vault).resolve("s3://" + bucket + "/nothing-here"));

        assertTrue(error.getMessage().contains("No manifest-summary.json under s3://" + bucket + "/nothing-here"),
                error.getMessage());
    }

    /**
     * A native export of {@code files} x 250 items under {@code prefix}, whose manifest-files.json keeps
     * only its first {@code listed} lines and whose summary says {@code summaryItems}.
     */
    private static String writeExport(String prefix, int files, int listed, long summaryItems) throws Exception {
        String folder = prefix + "/AWSDynamoDB/01700000000000-5e6f7a8b/";
        StringBuilder manifest = new StringBuilder();
        for (int f = 0; f < files; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 250; i++) {
                lines.append("{\"Item\":{\"pk\":{\"S\":\"f").append(f).append("\"},\"sk\":{\"N\":\"").append(i)
                        .append("\"}}}\n");
            }
            byte[] data = gzip(lines.toString());
            String key = folder + "data/file" + f + ".json.gz";
            put(key, data);
            if (f < listed) {
                manifest.append("{\"itemCount\":250,\"md5Checksum\":\"").append(md5(data))
                        .append("\",\"etag\":\"e\",\"dataFileS3Key\":\"").append(key).append("\"}\n");
            }
        }
        put(folder + "manifest-files.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        put(folder + "manifest-summary.json", ("{\"version\":\"2020-06-30\",\"s3Bucket\":\"" + bucket + "\","
                + "\"s3Prefix\":\"" + prefix + "\",\"manifestFilesS3Key\":\"" + folder + "manifest-files.json\","
                + "\"itemCount\":" + summaryItems + ",\"outputFormat\":\"DYNAMODB_JSON\"}").getBytes(StandardCharsets.UTF_8));
        return "s3://" + bucket + "/" + prefix;
    }

    @Test
    void aManifestCutAtALineBoundaryFailsWithTheNumbers() throws Exception {
        String uri = writeExport("cut", 4, 2, 1000);
        String table = TestAws.unique("cut");

        VaultException error = assertThrows(VaultException.class, () -> restore(uri, table, "pk:S,sk:N"));

        assertTrue(error.getMessage().contains("lists 2 files with 500 items, but manifest-summary.json says 1000"),
                error.getMessage());
        assertTableMissing(table);
    }

    @Test
    void dataFilesNoManifestListsFailTheRestore() throws Exception {
        String uri = writeExport("unlisted", 4, 2, 500);
        String table = TestAws.unique("unlisted");

        VaultException error = assertThrows(VaultException.class, () -> restore(uri, table, "pk:S,sk:N"));

        assertTrue(error.getMessage().contains("data/ holds 2 file(s) that manifest-files.json does not list"),
                error.getMessage());
        assertTableMissing(table);
    }

    @Test
    void aKeyOfTheWrongTypeIsNamedBeforeAnyTableIsCreated() throws Exception {
        String uri = writeExport("typed", 1, 1, 250);
        String table = TestAws.unique("typed");

        RestoreException wrongType = assertThrows(RestoreException.class, () -> restore(uri, table, "pk:N,sk:N"));
        RestoreException missing = assertThrows(RestoreException.class, () -> restore(uri, table, "id:S"));

        assertTrue(wrongType.getMessage().contains("its first item has 'pk' of type S, not N"), wrongType.getMessage());
        assertTrue(missing.getMessage().contains("its first item has no attribute 'id'"), missing.getMessage());
        assertTableMissing(table);
    }

    private static void assertTableMissing(String table) {
        assertThrows(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class,
                () -> clients.dynamoDb().describeTable(r -> r.tableName(table)));
    }
}
