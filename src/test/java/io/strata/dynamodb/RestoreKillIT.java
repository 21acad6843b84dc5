package io.strata.dynamodb;

import io.strata.exit.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.Strata;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.DynamoDbProxy;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.attempt.RestoreClaim;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A restore in a real {@code strata} process (a child JVM on this test's S3Mock and, through
 * {@link DynamoDbProxy}, DynamoDB Local) killed with -9 midway: the partial table is marked
 * {@code strata:restore-incomplete=<recovery point>}; the next restore without --overwrite says it is
 * an interrupted restore of that recovery point and how to finish it, {@code strata list} shows it,
 * and the --overwrite restore that finishes it leaves the table equal to the source, unmarked.
 */
class RestoreKillIT {

    private static final int ITEMS = 4000;
    private static DynamoDbProxy proxy;
    private static String bucket;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static StrataSettings settings;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        bucket = TestAws.unique("vault");
        settings = TestAws.settings(bucket, proxy.setting());
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
        proxy.close();
    }

    /** The settings aiming a command at S3Mock and at DynamoDB Local through the proxy. */
    private static List<String> against() {
        return new ArrayList<>(List.of("-Dstrata.vault.bucket=" + bucket, "-Dstrata.aws.region=us-east-1",
                "-Dstrata.aws.endpoint.dynamodb=" + proxy.endpoint(),
                "-Dstrata.aws.endpoint.s3=" + TestAws.services().s3Endpoint()));
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = against();
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    /** {@code strata ARGS} in a child JVM, its output in files. */
    private static Process child(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Daws.accessKeyId=strataLocal", "-Daws.secretAccessKey=strataLocal", "io.strata.Strata"));
        command.addAll(against());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The count once the killed process's last requests have landed: a BatchWriteItem the proxy
     * received before the kill still reaches DynamoDB after it, as it would reach AWS.
     */
    private static long settledCount(String table) throws InterruptedException {
        long before = count(table);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            long now = count(table);
            if (now == before) {
                return now;
            }
            before = now;
        }
        return before;
    }

    private static long count(String table) {
        return dynamoDb.scanPaginator(r -> r.tableName(table).select("COUNT")).stream().mapToLong(p -> p.count()).sum();
    }

    private static String mark(String table) {
        return proxy.tags().of(dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn())
                .get("strata:restore-incomplete");
    }

    @Test
    void aRestoreKilledMidwayLeavesAMarkedTableThatTheNextRestoreNamesAndFinishes() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, ITEMS).mapToObj(i -> Tables.simple("p" + i % 17, i, "v" + i)).toList());
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        String target = table + "-restored";

        // One writer, each BatchWriteItem answered after 50 ms: 160 calls, at least 8 s to kill it in.
        proxy.faults().inject(0, 0, 50);
        Path log = Files.createTempFile("strata-restore", ".log");
        Process restore = child(log, "-Dstrata.dynamodb.writers=1", "restore", point.key(), "--to", target);
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && restore.isAlive() && !hasItems(target)) {
                Thread.sleep(100);
            }
            assertTrue(restore.isAlive(), "still restoring when killed:\n" + Files.readString(log));
            restore.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(restore.waitFor(30, TimeUnit.SECONDS));
        } finally {
            proxy.faults().off();
        }
        long left = settledCount(target);
        assertTrue(left > 0 && left < ITEMS, left + " items left by the kill");
        assertEquals(point.key(), mark(target), "the partial table says what it is an incomplete copy of");

        // The killed restore's claim on the target stays until its lease lapses (RestoreClaim.TIMING, 5 min):
        // until then the next restore is refused naming it. The test ages the claim rather than wait.
        StrataCli.Result claimed = strata("restore", point.key(), "--to", target, "--overwrite");
        assertEquals(ExitCode.FAILED.code(), claimed.code(), claimed.out() + claimed.err());
        assertTrue(claimed.err().contains("Another restore is writing into " + target + ": " + point.key()), claimed.err());
        String claimKey = RestoreClaim.key(vault, "us-east-1", target);
        ObjectNode claim;
        try (InputStream in = vault.open(claimKey)) {
            claim = (ObjectNode) Json.MAPPER.readTree(in);
        }
        claim.put("leaseExpiresAt", Instant.now().minusSeconds(1).toString());
        vault.putControl(claimKey, claim);

        StrataCli.Result again = strata("restore", point.key(), "--to", target);
        assertEquals(ExitCode.FAILED.code(), again.code(), again.out() + again.err());
        assertTrue(again.err().contains("Table " + target + " holds an interrupted restore of " + point.key()), again.err());
        assertTrue(again.err().contains("strata restore " + point.key() + " --to " + target + " --overwrite"), again.err());
        assertEquals(left, count(target), "the refused restore wrote nothing");

        StrataCli.Result list = strata("list", "dynamodb:" + table);
        assertEquals(0, list.code(), list.out() + list.err());
        assertTrue(list.out().contains("Interrupted restores"), list.out());
        assertTrue(list.out().contains(target + "  restore of " + point.key()), list.out());

        StrataCli.Result finish = strata("restore", point.key(), "--to", target, "--overwrite");
        assertEquals(0, finish.code(), finish.out() + finish.err());
        assertEquals(null, mark(target), "a finished restore leaves no mark");
        TableComparison.Result comparison = new TableComparison(dynamoDb, 2).compare(table, target, List.of("pk", "sk"));
        assertTrue(comparison.identical(), comparison.toString());
        assertFalse(strata("list").out().contains(target + "  restore of"), "no longer listed as interrupted");
    }

    private static boolean hasItems(String table) {
        try {
            return dynamoDb.scan(r -> r.tableName(table).limit(1)).count() > 0;
        } catch (ResourceNotFoundException notYet) {
            return false;
        }
    }
}
