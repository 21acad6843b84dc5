package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.local.DemoTable;
import io.strata.support.DynamoDbProxy;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
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
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A restore reports success only over data that matches the recovery point: tampered files fail it
 * before anything is made, a failed restore leaves no half-filled table behind unmarked, a rerun ends
 * with the saved settings, and a --key never silently replaces the saved schema. DynamoDB's
 * throttling and tags come from {@link DynamoDbProxy}.
 */
class RestoreTrustIT {

    private static DynamoDbProxy proxy;
    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2",
                proxy.setting()[0], proxy.setting()[1]);
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    /** A table of 400 simple items, exported; the recovery point. */
    private static RecoveryPoint backup(String table) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 400).mapToObj(i -> Tables.simple("p" + i % 9, i, "v" + i)).toList());
        return new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1").export(table, null);
    }

    private static TableRestorer restorer() {
        return new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties()));
    }

    private static ExportSource source(RecoveryPoint point) {
        return new ExportSourceResolver(vault).resolve(point.key());
    }

    /** Rewrites the first data file as valid gzip with one item's text changed. */
    private static void alterOneItem(RecoveryPoint point) throws Exception {
        DataFile file = point.files().get(0);
        String lines;
        try (var in = new GZIPInputStream(vault.open(file.key()))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String altered = lines.replaceFirst("\"S\":\"v(\\d+)\"", "\"S\":\"tampered\"");
        assertTrue(!altered.equals(lines), "an item was changed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(altered.getBytes(StandardCharsets.UTF_8));
        }
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(file.key()), RequestBody.fromBytes(bytes.toByteArray()));
    }

    private static void assertTableMissing(String table) {
        assertThrows(ResourceNotFoundException.class, () -> dynamoDb.describeTable(r -> r.tableName(table)));
    }

    /** A restorer that gives up after one BatchWriteItem attempt per batch. */
    private static TableRestorer impatient() {
        return new TableRestorer(dynamoDb, vault, new DynamoDbSettings(0, 0, 1000, 2, 1));
    }

    private static String mark(String table) {
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        return new TableSchemaReader(dynamoDb).tags(arn).get("strata:restore-incomplete");
    }

    @Test
    void aDataFileRewrittenAsValidGzipFailsTheRestoreBeforeATableIsCreated() throws Exception {
        String table = TestAws.unique("tampered");
        RecoveryPoint point = backup(table);
        alterOneItem(point);

        RestoreException error = assertThrows(RestoreException.class,
                () -> restorer().restore(source(point), table + "-restored", RestoreOptions.DEFAULT));

        assertTrue(error.getMessage().contains(point.files().get(0).key() + ": SHA-256 is "), error.getMessage());
        assertTrue(error.getMessage().contains("nothing was written"), error.getMessage());
        assertTableMissing(table + "-restored");
    }

    @Test
    void keepPartialKeepsTheTableAndSaysItIsIncomplete() throws Exception {
        String table = TestAws.unique("partial");
        RecoveryPoint point = backup(table);

        RestoreException error;
        try {
            proxy.faults().inject(0, 1.0, 0); // DynamoDB leaves every item unprocessed
            error = assertThrows(RestoreException.class,
                    () -> impatient().restore(source(point), table + "-restored", new RestoreOptions(false, null, true)));
        } finally {
            proxy.faults().off();
        }

        assertTrue(error.getMessage().contains("was kept as --keep-partial asks: it holds an INCOMPLETE copy"),
                error.getMessage());
        assertEquals("ACTIVE", dynamoDb.describeTable(r -> r.tableName(table + "-restored")).table().tableStatusAsString());
        assertEquals(point.key(), mark(table + "-restored"), "the kept table says what it is an incomplete copy of");

        // Empty as it is, the marked table is not mistaken for one a restore may fill without --overwrite.
        RestoreException again = assertThrows(RestoreException.class,
                () -> restorer().restore(source(point), table + "-restored", RestoreOptions.DEFAULT));
        assertTrue(again.getMessage().contains("holds an interrupted restore of " + point.key()), again.getMessage());
        assertTrue(again.getMessage().contains("strata restore " + point.key() + " --to " + table + "-restored --overwrite"),
                again.getMessage());
        restorer().restore(source(point), table + "-restored", new RestoreOptions(true, null, false));
        assertEquals(400, Tables.scanAll(dynamoDb, table + "-restored").size());
        assertEquals(null, mark(table + "-restored"));
    }

    @Test
    void aFailureIntoAnExistingTableSaysWhatWasWrittenAndLeavesItMarked() throws Exception {
        String table = TestAws.unique("existing");
        RecoveryPoint point = backup(table);
        String target = table + "-target";
        Tables.create(dynamoDb, target);

        RestoreException error;
        try {
            proxy.faults().inject(0, 0.5, 0); // half of every batch left unprocessed, and no second attempt
            error = assertThrows(RestoreException.class, () -> impatient().restore(source(point), target,
                    RestoreOptions.DEFAULT));
        } finally {
            proxy.faults().off();
        }

        long written = Tables.scanAll(dynamoDb, target).size();
        assertTrue(written > 0 && written < 400, written + " items written");
        assertTrue(error.getMessage().contains("The existing table " + target + " now holds those " + written + " items"),
                error.getMessage() + " / table holds " + written);
        assertTrue(error.getMessage().contains("stays tagged strata:restore-incomplete=" + point.key()), error.getMessage());
        assertEquals("ACTIVE", dynamoDb.describeTable(r -> r.tableName(target)).table().tableStatusAsString(),
                "a table the restore did not create is never deleted");
        assertEquals(point.key(), mark(target));
    }

    @Test
    void aRestoreIntoTheTableAnInterruptedRestoreCreatedEndsWithTheSavedSettings() throws Exception {
        String table = TestAws.unique("settings");
        new TableCreator(dynamoDb).create(table, DemoTable.schema());
        new TableCreator(dynamoDb).applySettings(table, DemoTable.schema());
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        dynamoDb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("env").value("prod")));
        Tables.put(dynamoDb, table, IntStream.range(0, 50).mapToObj(i -> DemoTable.item(i, new java.util.Random(i))).toList());
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        // What a restore killed right after "Creating table" leaves: the table, none of its settings.
        String interrupted = table + "-restored";
        new TableCreator(dynamoDb).create(interrupted, TableSchema.of(point).orElseThrow());
        String overwritten = table + "-overwritten";
        new TableCreator(dynamoDb).create(overwritten, TableSchema.of(point).orElseThrow());
        Tables.put(dynamoDb, overwritten, List.of(DemoTable.item(0, new java.util.Random(99))));

        restorer().restore(source(point), interrupted, RestoreOptions.DEFAULT);
        restorer().restore(source(point), overwritten, new RestoreOptions(true, null, false));

        for (String restored : List.of(interrupted, overwritten)) {
            assertEquals("expiresAt", dynamoDb.describeTimeToLive(r -> r.tableName(restored))
                    .timeToLiveDescription().attributeName(), restored);
            var description = dynamoDb.describeTable(r -> r.tableName(restored)).table();
            assertTrue(description.streamSpecification().streamEnabled(), restored);
            assertEquals(TableSchema.of(point).orElseThrow().stream().viewType(), description.streamSpecification().streamViewTypeAsString());
            assertEquals("prod", TableSchema.of(point).orElseThrow().tags().get("env"));
            Map<String, String> saved = new HashMap<>(TableSchema.of(point).orElseThrow().tags());
            saved.put("strata:restored-from", point.key()); // no plan selects on env=prod here: it stays
            assertEquals(saved, new TableSchemaReader(dynamoDb).tags(description.tableArn()), restored);
            assertEquals(50, Tables.scanAll(dynamoDb, restored).size());
            assertEquals(null, mark(restored), "a complete restore leaves no mark");
        }
    }

    @Test
    void aKeyContradictingTheSavedSchemaIsRefused() throws Exception {
        String table = TestAws.unique("keyed");
        RecoveryPoint point = backup(table);

        RestoreException error = assertThrows(RestoreException.class,
                () -> restorer().restore(source(point), table + "-restored", new RestoreOptions(false, "n:N", false)));

        assertTrue(error.getMessage().contains("--key n:N contradicts"), error.getMessage());
        assertTrue(error.getMessage().contains("saved with keys pk:S,sk:N"), error.getMessage());
        assertTableMissing(table + "-restored");
        RestoreResult agreeing = restorer().restore(source(point), table + "-restored",
                new RestoreOptions(false, "pk:S,sk:N", false));
        assertEquals(400, agreeing.items());
    }
}
