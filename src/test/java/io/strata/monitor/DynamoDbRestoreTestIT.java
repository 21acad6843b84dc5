package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbRestoreTest;
import io.strata.dynamodb.TableCreator;
import io.strata.dynamodb.TableSchema;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.StopSignal;
import io.strata.support.LoopbackWebhook;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code routes/restore-test.camel.yaml} for DynamoDB on DynamoDB Local and S3Mock: a plan's newest recovery point
 * restored into a scratch table, compared (count and content digest) with what the export recorded, recorded
 * beside the point, and the scratch table gone whatever the outcome; a leftover scratch table deleted by the next pass.
 */
class DynamoDbRestoreTestIT {

    private static final String PLAN = "proof";

    private final String table = TestAws.unique("proof");
    private AwsClients clients;
    private Vault vault;
    private StrataRuntime runtime;
    private LoopbackWebhook webhook;

    private void open(ExecutionInterceptor... faults) throws Exception {
        webhook = new LoopbackWebhook();
        Properties properties = TestAws.properties(TestAws.unique("vault-proof"), "strata.dynamodb.segments", "2",
                "strata.notify.webhook-url", webhook.url().toString(),
                "strata.plan." + PLAN + ".cron", "0 0 2 * * ?",
                "strata.plan." + PLAN + ".resources", "dynamodb:" + table,
                "strata.plan." + PLAN + ".restore-test", "daily",
                "strata.verify.cron", "0 0 5 * * ?");
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings, faults);
        vault = TestAws.vault(clients, settings);
        Tables.create(clients.dynamoDb(), table);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        IntStream.range(0, 120).forEach(i -> items.add(Tables.simple("p" + (i % 7), i, "item " + i)));
        Map<String, AttributeValue> varied = new HashMap<>(Tables.simple("varied", 1, "sets, maps, numbers"));
        varied.put("price", AttributeValue.fromN("1.50"));
        varied.put("tags", AttributeValue.fromSs(List.of("b", "a", "c")));
        varied.put("nested", AttributeValue.fromM(Map.of("z", AttributeValue.fromBool(true),
                "a", AttributeValue.fromL(List.of(AttributeValue.fromN("10"), AttributeValue.fromNul(true))))));
        items.add(varied);
        Tables.put(clients.dynamoDb(), table, items);
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault, Clock.systemUTC(),
                new StopSignal()).runtime().start();
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, PLAN, plans.require(PLAN).resources(),
                Instant.now()));
        assertTrue(report.success(), report.summary());
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void theNewestPointIsRestoredIntoAScratchTableComparedRecordedAndTheTableDeleted() throws Exception {
        open();

        List<RestoreTestOutcome> outcomes = runtime.restoreTests();

        assertEquals(1, outcomes.size(), outcomes.toString());
        RestoreTestOutcome outcome = outcomes.get(0);
        assertEquals("PASSED", outcome.status(), outcome.line());
        assertTrue(outcome.result().checked().startsWith("121 items, content digest "), outcome.line());
        assertEquals("dynamodb:" + table, outcome.resource());
        assertTrue(outcome.result().scratch().get(0).startsWith("table " + DynamoDbRestoreTest.PREFIX + table + "-"),
                outcome.result().scratch().toString());
        assertEquals(List.of(), scratchTables());
        Map<String, Object> record = record(outcome.recoveryPoint());
        assertEquals(true, record.get("ok"), record.toString());
        assertEquals("OK", record.get("status"));
        assertEquals("restore-test", record.get("kind"));
        assertEquals(List.of(), webhook.bodies(), "strata.notify.on=failure: a passed test sends nothing");

        // Passed within the plan's day: nothing is due until then.
        assertEquals(List.of(), runtime.restoreTests());
    }

    @Test
    void aRestoredTableThatDiffersFromTheExportFailsTheTestAndIsDeletedAllTheSame() throws Exception {
        open(new CorruptedScratchWrites());

        RestoreTestOutcome outcome = runtime.restoreTests().get(0);

        assertEquals("FAILED", outcome.status(), outcome.line());
        assertTrue(outcome.result().reason().contains("content digest of the table is "), outcome.line());
        assertEquals(List.of(), scratchTables());
        assertEquals("FAILED", record(outcome.recoveryPoint()).get("status"));
        assertEquals(1, webhook.bodies().size(), "one message for the failed test: " + webhook.bodies());
        JsonNode posted = Json.MAPPER.readTree(webhook.bodies().get(0));
        assertEquals("restore-test", posted.get("event").asText());
        assertEquals("FAILED", posted.get("status").asText());
        assertEquals("dynamodb:" + table, posted.get("resource").asText());
        assertEquals(outcome.recoveryPoint(), posted.get("recoveryPoint").asText());
        assertTrue(posted.get("text").asText().contains(outcome.recoveryPoint())
                && posted.get("text").asText().contains("content digest of the table is "), posted.toString());
        // A failed test is due again at the next pass.
        assertEquals(1, runtime.restoreTests().size());
        assertEquals(List.of(), scratchTables());
    }

    @Test
    void anExportWhoseFileDiffersFromItsRecordFailsBeforeAnyTableIsMade() throws Exception {
        open();
        RecoveryPoint point = vault.list(p -> p.resourceId().equals(table)).points().get(0);
        String file = point.files().get(0).key();
        vault.s3().putObject(r -> r.bucket(vault.bucket()).key(file), RequestBody.fromBytes(new byte[] {31, -117, 8, 0}));

        RestoreTestOutcome outcome = runtime.restoreTests().get(0);

        assertEquals("FAILED", outcome.status(), outcome.line());
        assertTrue(outcome.result().reason().contains("the export differs from what it records")
                && outcome.result().reason().contains(file), outcome.line());
        // A cut gzip stream throws an EOFException without a message: the reason still says what is wrong.
        assertTrue(outcome.result().reason().contains(file + ": unreadable (truncated: the gzip data ends early)"),
                outcome.line());
        assertFalse(outcome.result().reason().contains("null"), outcome.line());
        assertEquals(List.of(), scratchTables());
    }

    @Test
    void aScratchTableAKilledTestLeftIsDeletedByTheNextPass() throws Exception {
        open();
        String leftover = DynamoDbRestoreTest.PREFIX + table + "-20200101000000";
        new TableCreator(clients.dynamoDb()).create(leftover, TableSchema.fromKeys(leftover, "pk:S,sk:N"));

        assertEquals("PASSED", runtime.restoreTests().get(0).status());

        assertEquals(List.of(), scratchTables());
        assertTrue(clients.dynamoDb().listTables().tableNames().contains(table), "the tested table is untouched");
    }

    private List<String> scratchTables() {
        return clients.dynamoDb().listTablesPaginator().tableNames().stream()
                .filter(name -> name.startsWith(DynamoDbRestoreTest.PREFIX + table)).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> record(String pointKey) throws Exception {
        String folder = RecoveryPointKey.parse(pointKey).prefix() + "verifications/";
        List<String> keys = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(folder)).contents()
                .stream().map(o -> o.key()).filter(k -> k.endsWith("-restore-test.json")).sorted().toList();
        assertFalse(keys.isEmpty(), "no restore-test record under " + folder);
        try (InputStream in = vault.open(keys.get(keys.size() - 1))) {
            return Json.MAPPER.readValue(in, Map.class);
        }
    }

    /** Changes one item of every batch written into a scratch table: a restore whose table differs from the export. */
    private static final class CorruptedScratchWrites implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof BatchWriteItemRequest batch)) {
                return context.request();
            }
            Map<String, List<WriteRequest>> changed = new HashMap<>();
            batch.requestItems().forEach((name, writes) -> {
                List<WriteRequest> copy = new ArrayList<>(writes);
                if (name.startsWith(DynamoDbRestoreTest.PREFIX) && !copy.isEmpty()) {
                    Map<String, AttributeValue> item = new HashMap<>(copy.get(0).putRequest().item());
                    item.put("text", AttributeValue.fromS("changed on the way"));
                    copy.set(0, WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                }
                changed.put(name, copy);
            });
            return batch.toBuilder().requestItems(changed).build();
        }
    }
}
