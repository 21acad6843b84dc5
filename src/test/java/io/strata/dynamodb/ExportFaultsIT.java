package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.support.FaultProxy;
import io.strata.support.FaultProxy.Call;
import io.strata.support.FaultProxy.Fault;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A backup through a network that resets 30 % of DynamoDB's answers, Scan pages included (their raw
 * body is read outside the SDK's retry loop), commits; the table restored from it equals the source.
 */
class ExportFaultsIT {

    private static final int ITEMS = 1500;
    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;
    private static FaultProxy proxy;
    private static FaultProxy s3Proxy;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("faults");
        var settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        proxy = FaultProxy.start(TestAws.services().dynamoDbEndpoint());
        s3Proxy = FaultProxy.start(TestAws.services().s3Endpoint());
        // The command line is not in local mode: the default credential chain reads these.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        proxy.close();
        s3Proxy.close();
        clients.close();
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of("-Dstrata.dynamodb.segments=3",
                "-Dstrata.dynamodb.scan-page-size=50"));
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    @Test
    void aBackupThroughResetScanPagesCommitsAndRestoresEqual() throws Exception {
        String table = TestAws.unique("scan-faults");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, ITEMS)
                .mapToObj(i -> Tables.simple("p" + i % 23, i, "value-" + i)).toList());
        proxy.off().inject(Fault.RESET_MID_BODY, Call.dynamoDb("Scan"), 0.2)
                .inject(Fault.RESET, Call.dynamoDb(null), 0.1);

        StrataCli.Result backup = strata("-Dstrata.aws.endpoint.dynamodb=" + proxy.endpoint(), "backup",
                "dynamodb:" + table);
        proxy.off();

        assertTrue(proxy.injected(Fault.RESET_MID_BODY) >= 3, "Scan pages reset: " + proxy.injected(Fault.RESET_MID_BODY));
        assertEquals(0, backup.code(), backup.out() + backup.err());
        List<RecoveryPoint> points = vault.list("dynamodb", p -> p.resourceId().equals(table)).points();
        assertEquals(1, points.size(), "one committed recovery point");
        assertEquals(ITEMS, points.get(0).itemCount());
        String copy = table + "-restored";
        StrataCli.Result restore = strata("restore", points.get(0).key(), "--to", copy);
        assertEquals(0, restore.code(), restore.out() + restore.err());
        Map<String, Map<String, AttributeValue>> source = Tables.scanAll(clients.dynamoDb(), table);
        assertEquals(source, Tables.scanAll(clients.dynamoDb(), copy));
    }

    @Test
    void aLeaseThatCannotBeWrittenSaysWhichStepAndObjectAndThatNothingWasCommitted() throws Exception {
        String table = TestAws.unique("lease-faults");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("p", 1, "one")));
        s3Proxy.off().inject(Fault.S3_SLOW_DOWN, Call.s3Put("in-progress.json"), 1.0);

        StrataCli.Result backup = strata("-Dstrata.aws.endpoint.s3=" + s3Proxy.endpoint(),
                "-Dstrata.aws.retry.max-attempts=3", "-Dstrata.aws.retry.max-backoff=50ms", "backup", "dynamodb:" + table);
        s3Proxy.off();

        String said = backup.out() + backup.err();
        assertEquals(1, backup.code(), said);
        assertTrue(said.contains("lease"), said);
        assertTrue(said.contains("in-progress.json"), said);
        assertTrue(said.contains("nothing committed"), said);
        assertTrue(said.contains("3 attempts: 2 × SlowDown (HTTP 503), then SlowDown (HTTP 503)"), said);
        assertEquals(List.of(), vault.list("dynamodb", p -> p.resourceId().equals(table)).points());
    }
}
