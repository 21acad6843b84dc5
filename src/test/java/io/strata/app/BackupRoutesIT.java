package io.strata.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.StopSignal;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code routes/backup-dynamodb.camel.yaml} step by step, seen from the vault: DescribeTable (camel-aws2-ddb),
 * begin (the lease), scan (data files and manifests), commit (the descriptor last, the lease gone), the copy
 * to the plan's second vault; and a step that fails leaves nothing behind, without stopping the next table.
 */
class BackupRoutesIT {

    private static final String PLAN = "steps";

    private AwsClients clients;
    private StrataRuntime runtime;
    private Vault vault;
    private final String table = TestAws.unique("steps");
    private final String other = TestAws.unique("steps-other");
    private final String secondBucket = TestAws.unique("vault-second");

    private void open(ExecutionInterceptor... faults) throws Exception {
        Properties properties = TestAws.properties(TestAws.unique("vault"), "strata.dynamodb.segments", "2",
                "strata.plan." + PLAN + ".cron", "0 0 2 * * ?",
                "strata.plan." + PLAN + ".resources", "dynamodb:" + table + ", dynamodb:" + other,
                "strata.plan." + PLAN + ".copy-to-vault", secondBucket);
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings, faults);
        vault = TestAws.vault(clients, settings);
        clients.s3().createBucket(r -> r.bucket(secondBucket));
        for (String name : List.of(table, other)) {
            Tables.create(clients.dynamoDb(), name);
            Tables.put(clients.dynamoDb(), name, List.of(Tables.simple("k", 1, "a"), Tables.simple("k", 2, "b"),
                    Tables.simple("k", 3, "c")));
        }
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault, Clock.systemUTC(),
                new StopSignal()).runtime().start();
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (clients != null) {
            clients.close();
        }
    }

    private Map<String, ResourceOutcome> run() {
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, PLAN,
                List.of(Services.selectors().parse("dynamodb:" + table), Services.selectors().parse("dynamodb:" + other)),
                Instant.now()));
        return report.outcomes().stream().collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
    }

    private List<String> keys(String bucket, String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void eachStepOfTheDynamoDbRouteLeavesItsObjectsAndTheCommitEndsTheLease() throws Exception {
        open();

        Map<String, ResourceOutcome> outcomes = run();

        ResourceOutcome outcome = outcomes.get("dynamodb:" + table);
        assertTrue(outcome.success(), String.valueOf(outcome.error()));
        assertEquals(3, outcome.items());
        RecoveryPoint point = vault.list(p -> p.resourceId().equals(table)).points().get(0);
        assertEquals(outcome.recoveryPoint(), point.key());
        List<String> written = keys(vault.bucket(), point.key());
        String export = point.key() + "AWSDynamoDB/";
        // scan: the data files the descriptor lists (a segment that found no item writes none), then the manifests;
        // commit: the descriptor; the lease is gone.
        assertFalse(point.files().isEmpty());
        assertEquals(point.files().stream().map(f -> f.key()).sorted().toList(),
                written.stream().filter(k -> k.startsWith(export) && k.contains("/data/")).toList());
        assertTrue(written.stream().anyMatch(k -> k.startsWith(export) && k.endsWith("/manifest-files.json")), written.toString());
        String summaryKey = written.stream().filter(k -> k.endsWith("/manifest-summary.json")).findFirst().orElseThrow();
        assertEquals(3, Json.MAPPER.readTree(clients.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(summaryKey))
                .asByteArray()).get("itemCount").asLong());
        assertTrue(written.contains(point.key() + "recovery-point.json"), written.toString());
        assertFalse(written.stream().anyMatch(k -> k.endsWith("in-progress.json")), written.toString());
        // copy to the second vault: the same recovery point, its descriptor included.
        assertTrue(keys(secondBucket, point.key()).contains(point.key() + "recovery-point.json"),
                keys(secondBucket, point.key()).toString());
    }

    @Test
    void aScanThatFailsLeavesNothingOfItsAttemptAndTheNextTableIsBackedUp() throws Exception {
        open(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ScanRequest scan && scan.tableName().equals(table)) {
                    throw SdkClientException.create("scan cut on purpose");
                }
            }
        });

        Map<String, ResourceOutcome> outcomes = run();

        ResourceOutcome failed = outcomes.get("dynamodb:" + table);
        assertFalse(failed.success());
        assertTrue(failed.error().contains("Export of " + table + " failed, nothing committed"), failed.error());
        assertTrue(failed.error().contains("scan cut on purpose"), failed.error());
        assertEquals(List.of(), keys(vault.bucket(), "strata/dynamodb/").stream().filter(k -> k.contains("/" + table + "/"))
                .toList(), "no data, manifest, descriptor or lease left");
        assertTrue(outcomes.get("dynamodb:" + other).success(), String.valueOf(outcomes.get("dynamodb:" + other).error()));
        assertEquals(1, vault.list(p -> p.resourceId().equals(other)).points().size());
    }
}
