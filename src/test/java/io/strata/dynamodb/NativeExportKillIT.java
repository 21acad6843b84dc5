package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.DynamoDbProxy;
import io.strata.support.StrataCli;
import io.strata.support.StrataProcess;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real {@code strata run --plan P --once} (a child JVM reaching the export double over loopback HTTP) killed
 * with -9 while its native export is IN_PROGRESS; the next run of the plan resumes that export (same recovery
 * point key, same client token) instead of starting a second one, and commits one recovery point.
 */
class NativeExportKillIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static Vault vault;
    private static String bucket;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        proxy = DynamoDbProxy.start();
        bucket = TestAws.unique("native-kill");
        StrataSettings settings = TestAws.settings(bucket, proxy.setting());
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    @Test
    void aRunKilledMidExportIsResumedByTheNextRunWithoutASecondExport() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(clients.dynamoDb(), table);
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(Tables.simple("p" + i, i, "item " + i));
        }
        Tables.put(clients.dynamoDb(), table, rows);
        proxy.continuousBackups().enable(table, 35);
        proxy.exports().pollsToComplete = Integer.MAX_VALUE; // in progress until the child is gone
        List<String> plan = List.of("-Dstrata.aws.endpoint.dynamodb=" + proxy.endpoint(),
                "-Dstrata.dynamodb.export-poll-interval=200ms", "-Dstrata.plan.nightly.cron=0 0 2 * * ?",
                "-Dstrata.plan.nightly.resources=dynamodb:" + table, "-Dstrata.plan.nightly.dynamodb.mode=native-export");
        String folder = "strata/dynamodb/us-east-1/" + table + "/";

        StrataProcess child = StrataProcess.start(bucket, plan, "run", "--plan", "nightly", "--once");
        try {
            assertTrue(child.await(() -> proxy.exports().started() == 1, 180_000), child.said());
            child.process().destroyForcibly().waitFor();
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), vault.list(p -> p.resource().equals("dynamodb:" + table)).points());
        proxy.exports().pollsToComplete = 1;
        List<String> rerun = new ArrayList<>(StrataCli.against(bucket));
        rerun.addAll(plan);
        rerun.addAll(List.of("run", "--plan", "nightly", "--once"));
        StrataCli.Result next = StrataCli.run(rerun);

        assertEquals(0, next.code(), next.out() + next.err());
        assertEquals(1, proxy.exports().started(), "the rerun found the running export: no second one started");
        assertTrue(proxy.exports().calls() >= 2, "the rerun asked with the same client token");
        List<RecoveryPoint> points = vault.list(p -> p.resource().equals("dynamodb:" + table)).points();
        assertEquals(1, points.size());
        assertEquals(20, points.get(0).itemCount());
        List<String> keys = vault.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents().stream()
                .map(S3Object::key).toList();
        assertTrue(keys.stream().allMatch(k -> k.startsWith(points.get(0).key())), "one folder, the committed one: " + keys);
        assertTrue(keys.stream().noneMatch(k -> k.endsWith("in-progress.json")), keys.toString());
    }
}
