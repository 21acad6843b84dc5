package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.DynamoDbProxy;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Mode native-export as a user runs it ({@code strata run --plan P --once}, the route's choice, then list,
 * verify, restore) against DynamoDB's Export to S3 served by the test double in {@link DynamoDbProxy}, which
 * writes AWS's layout into the vault; the real SDK client talks to it over loopback HTTP.
 */
class NativeExportIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static Vault vault;
    private static String bucket;

    @BeforeAll
    static void start() {
        // What the CLI's default credential chain finds, as in the other CLI tests.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        proxy = DynamoDbProxy.start();
        proxy.exports().itemsPerFile = 10;
        bucket = TestAws.unique("native-vault");
        StrataSettings settings = TestAws.settings(bucket, proxy.setting());
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    private static String table(int items, boolean pitr) throws InterruptedException {
        String table = TestAws.unique("orders");
        Tables.create(clients.dynamoDb(), table);
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            rows.add(Tables.simple("p" + i, i, "item " + i));
        }
        Tables.put(clients.dynamoDb(), table, rows);
        if (pitr) {
            proxy.continuousBackups().enable(table, 35);
        }
        return table;
    }

    private static StrataCli.Result strata(List<String> settings, String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of("-Dstrata.aws.endpoint.dynamodb=" + proxy.endpoint(),
                "-Dstrata.dynamodb.export-poll-interval=100ms"));
        all.addAll(settings);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static List<String> plan(String table, String mode, String... more) {
        List<String> settings = new ArrayList<>(List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?",
                "-Dstrata.plan.nightly.resources=dynamodb:" + table, "-Dstrata.plan.nightly.dynamodb.mode=" + mode));
        settings.addAll(List.of(more));
        return settings;
    }

    private static List<RecoveryPoint> points(String table) {
        return vault.list(p -> p.resource().equals("dynamodb:" + table)).points();
    }

    private static List<String> keys(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    void aPlanInModeNativeExportIsListedWithItsModeVerifiedRestoredEqualAndATamperedFileFailsVerify() throws Exception {
        String table = table(25, true);
        proxy.exports().pollsToComplete = 3;
        int before = proxy.exports().started();

        String dr = TestAws.unique("native-dr");
        clients.s3().createBucket(r -> r.bucket(dr));

        StrataCli.Result run = strata(plan(table, "native-export", "-Dstrata.plan.nightly.copy-to-vault=" + dr), "run",
                "--plan", "nightly", "--once");

        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(before + 1, proxy.exports().started(), "one export started");
        List<RecoveryPoint> points = points(table);
        assertEquals(1, points.size());
        RecoveryPoint point = points.get(0);
        assertEquals("native-export", point.mode());
        assertEquals(25, point.itemCount());
        assertEquals(3, point.files().size(), "AWS's three data files, as its manifest lists them");
        assertTrue(point.exportPrefix().startsWith(point.key() + "AWSDynamoDB/"), point.exportPrefix());
        assertTrue(keys(point.key()).stream().noneMatch(k -> k.endsWith("in-progress.json")), "the lease is gone");

        StrataCli.Result listed = strata(List.of(), "list", "dynamodb:" + table);
        StrataCli.Result json = strata(List.of(), "list", "dynamodb:" + table, "--json");
        assertEquals(0, listed.code(), listed.err());
        String row = listed.out().lines().filter(l -> l.startsWith(point.key())).findFirst().orElseThrow();
        assertEquals("native-export", List.of(row.split("\\s{2,}")).get(3), listed.out());
        JsonNode entry = Json.MAPPER.readTree(json.out()).get("recoveryPoints").get(0);
        assertEquals("native-export", entry.get("mode").asText(), json.out());

        StrataCli.Result verified = strata(List.of(), "verify", point.key());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        StrataCli.Result copy = strata(List.of("-Dstrata.restore.allowed-buckets=" + dr), "verify",
                "s3://" + dr + "/" + point.key());
        assertEquals(0, copy.code(), "the second vault's copy verifies: " + copy.out() + copy.err());
        String target = TestAws.unique("restored");
        StrataCli.Result restored = strata(List.of(), "restore", point.key(), "--to", target);
        assertEquals(0, restored.code(), restored.out() + restored.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));

        // Valid gzip of valid items, one changed: only the MD5 AWS recorded tells.
        String file = point.files().get(0).key();
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(forged)) {
            for (int i = 0; i < point.files().get(0).itemCount(); i++) {
                gzip.write(("{\"Item\":{\"pk\":{\"S\":\"x" + i + "\"},\"sk\":{\"N\":\"" + i + "\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        vault.s3().putObject(r -> r.bucket(bucket).key(file), RequestBody.fromBytes(forged.toByteArray()));
        StrataCli.Result tampered = strata(List.of(), "verify", point.key());
        assertEquals(1, tampered.code(), tampered.out() + tampered.err());
        assertTrue((tampered.out() + tampered.err()).contains(file), tampered.out() + tampered.err());
    }

    @Test
    void aFailedExportFailsTheResourceWithAwsFailureCodeAndMessageAndLeavesNothing() throws Exception {
        String table = table(5, true);
        proxy.exports().pollsToComplete = 1;
        proxy.exports().failNext(table, "S3AccessDenied", "Access denied to bucket " + bucket);

        StrataCli.Result run = strata(plan(table, "native-export"), "run", "--plan", "nightly", "--once");

        assertEquals(1, run.code(), run.out() + run.err());
        String said = run.out() + run.err();
        assertTrue(said.contains("FAILED: S3AccessDenied: Access denied to bucket " + bucket), said);
        assertEquals(List.of(), points(table));
        assertEquals(List.of(), keys("strata/dynamodb/us-east-1/" + table + "/"), "nothing left in the vault");
    }

    @Test
    void withoutPitrANativeExportFailsSayingHowToTurnItOn() throws Exception {
        String table = table(3, false);

        StrataCli.Result run = strata(plan(table, "native-export"), "run", "--plan", "nightly", "--once");

        String said = run.out() + run.err();
        assertEquals(1, run.code(), said);
        assertTrue(said.contains("Table " + table + " has point-in-time recovery off"), said);
        assertTrue(said.contains("update-continuous-backups --table-name " + table), said);
        assertEquals(List.of(), keys("strata/dynamodb/us-east-1/" + table + "/"), "nothing left in the vault");
    }

    @Test
    void autoExportsNativelyOnlyATableOverTheSizeWithPitrOn() throws Exception {
        String large = table(12, true);
        String noPitr = table(12, false);
        String small = table(1, true);
        proxy.exports().pollsToComplete = 1;
        long smallSize = clients.dynamoDb().describeTable(r -> r.tableName(small)).table().tableSizeBytes();
        long largeSize = clients.dynamoDb().describeTable(r -> r.tableName(large)).table().tableSizeBytes();
        assertTrue(smallSize < largeSize, smallSize + " < " + largeSize);
        List<String> auto = new ArrayList<>(List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?",
                "-Dstrata.plan.nightly.resources=dynamodb:" + large + ",dynamodb:" + noPitr + ",dynamodb:" + small,
                "-Dstrata.plan.nightly.dynamodb.mode=auto", "-Dstrata.dynamodb.auto-native-bytes=" + smallSize));

        StrataCli.Result run = strata(auto, "run", "--plan", "nightly", "--once");

        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals("native-export", points(large).get(0).mode());
        assertEquals("scan", points(noPitr).get(0).mode(), "PITR off: scan");
        assertEquals("scan", points(small).get(0).mode(), "at most auto-native-bytes: scan");
    }
}
