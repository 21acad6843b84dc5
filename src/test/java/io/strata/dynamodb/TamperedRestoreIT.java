package io.strata.dynamodb;

import io.strata.exit.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.Strata;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A recovery point with one data file rewritten (valid gzip, one attribute of one item changed),
 * restored with {@code --overwrite} into the live table it was taken from: the restore fails naming
 * the file and the digest, and the live table is item for item what it was before.
 */
class TamperedRestoreIT {

    private static String bucket;
    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("vault");
        settings = TestAws.settings(bucket, "strata.dynamodb.segments", "4");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        // The command line is not in local mode: the default credential chain reads these.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    /** 800 items in four files, backed up; then every item changed and ten added, as a live table moves on. */
    private static RecoveryPoint backupThenChange(String table) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 800).mapToObj(i -> Tables.simple("p" + i % 13, i, "v" + i)).toList());
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        Tables.put(dynamoDb, table, IntStream.range(0, 810).mapToObj(i -> Tables.simple("p" + i % 13, i, "live" + i)).toList());
        return point;
    }

    /** Rewrites a data file as valid gzip with one attribute of one item changed. */
    private static void tamper(String inBucket, String key) throws Exception {
        String lines;
        try (var in = new GZIPInputStream(vault.open(inBucket, key))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String altered = lines.replaceFirst("\"S\":\"v(\\d+)\"", "\"S\":\"tampered\"");
        assertTrue(!altered.equals(lines), "an item was changed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(altered.getBytes(StandardCharsets.UTF_8));
        }
        clients.s3().putObject(r -> r.bucket(inBucket).key(key), RequestBody.fromBytes(bytes.toByteArray()));
    }

    /** Item for item: the same keys, each with the same attributes. */
    private static void assertUnchanged(Map<String, Map<String, AttributeValue>> before,
                                        Map<String, Map<String, AttributeValue>> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k)))
                .map(k -> k + ": " + before.get(k) + " -> " + after.get(k)).toList();
        assertEquals(List.of(), changed.stream().limit(5).toList(), changed.size() + " of " + before.size()
                + " items of the live table changed");
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    @Test
    void aTamperedRecoveryPointRestoredOverTheLiveTableChangesNothingInIt() throws Exception {
        String table = TestAws.unique("live");
        RecoveryPoint point = backupThenChange(table);
        assertEquals(4, point.files().size(), "four data files, so that some are read before the bad one");
        String bad = point.files().get(3).key(); // the last: the others are read (and were written) before it
        tamper(bucket, bad);
        Map<String, Map<String, AttributeValue>> before = Tables.scanAll(dynamoDb, table);

        StrataCli.Result restore = strata("restore", point.key(), "--to", table, "--overwrite");

        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.out() + restore.err());
        assertTrue(restore.err().contains(bad + ": SHA-256 is "), restore.err());
        assertUnchanged(before, Tables.scanAll(dynamoDb, table));
    }

    @Test
    void aTamperedNativeExportRestoredOverTheLiveTableChangesNothingInIt() throws Exception {
        String table = TestAws.unique("live");
        RecoveryPoint point = backupThenChange(table);
        // The export folder of a recovery point is laid out as DynamoDB's native Export to S3 writes it.
        String exports = TestAws.unique("exports");
        clients.s3().createBucket(r -> r.bucket(exports));
        String folder = point.key() + "AWSDynamoDB/";
        List<String> copied = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents().stream()
                .map(S3Object::key).toList();
        for (String key : copied) {
            clients.s3().copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(exports)
                    .destinationKey("exports/" + key.substring(point.key().length())));
        }
        String bad = "exports/" + point.files().get(3).key().substring(point.key().length());
        tamper(exports, bad);
        Map<String, Map<String, AttributeValue>> before = Tables.scanAll(dynamoDb, table);

        StrataCli.Result restore = strata("restore", "s3://" + exports + "/exports", "--to", table, "--overwrite");

        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.out() + restore.err());
        assertTrue(restore.err().contains(bad + ": MD5 is "), restore.err());
        assertUnchanged(before, Tables.scanAll(dynamoDb, table));
    }
}
