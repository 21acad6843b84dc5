package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.FaultProxy;
import io.strata.support.FaultProxy.Call;
import io.strata.support.FaultProxy.Fault;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restore reads its data files through cut and reset downloads and still restores every item;
 * a file that stays unreadable fails the restore as "could not be read", not as a file that
 * "does not match what was recorded", and nothing is written.
 */
class RestoreFaultsIT {

    private static final int ITEMS = 1200;
    private static String bucket;
    private static String table;
    private static AwsClients clients;
    private static RecoveryPoint point;
    private static FaultProxy proxy;

    @BeforeAll
    static void backUp() throws Exception {
        bucket = TestAws.unique("faults");
        StrataSettings settings = TestAws.settings(bucket, "strata.dynamodb.segments", "4");
        clients = TestAws.clients(settings);
        table = TestAws.unique("restore-faults");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, ITEMS)
                .mapToObj(i -> Tables.simple("p" + i % 29, i, "v" + "y".repeat(100) + i)).toList());
        point = new TableExporter(clients.dynamoDb(), TestAws.vault(clients, settings), DynamoDbSettings.from(settings.properties()),
                Clock.systemUTC(), "us-east-1").export(table, null);
        proxy = FaultProxy.start(TestAws.services().s3Endpoint());
        // The command line is not in local mode: the default credential chain reads these.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        proxy.close();
        clients.close();
    }

    private static StrataCli.Result restoreThroughProxy(String target) {
        List<String> args = StrataCli.against(bucket);
        args.addAll(List.of("-Dstrata.aws.endpoint.s3=" + proxy.endpoint(), "-Dstrata.aws.retry.max-backoff=100ms",
                "restore", point.key(), "--to", target));
        return StrataCli.run(args);
    }

    @Test
    void aRestoreThroughCutDownloadsRestoresEveryItem() {
        int before = proxy.injected(Fault.CUT_BODY) + proxy.injected(Fault.RESET_MID_BODY);
        proxy.off().inject(Fault.CUT_BODY, Call.s3Get("/data/"), 0.3).inject(Fault.RESET_MID_BODY, Call.s3Get("/data/"), 0.2);
        String copy = table + "-copy";

        StrataCli.Result result = restoreThroughProxy(copy);
        proxy.off();

        assertTrue(proxy.injected(Fault.CUT_BODY) + proxy.injected(Fault.RESET_MID_BODY) - before >= 2, "faults injected");
        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), copy));
    }

    @Test
    void aFileThatStaysCutCouldNotBeReadAndNothingIsWritten() {
        proxy.off().inject(Fault.CUT_BODY, Call.s3Get(point.files().get(2).key()), 1.0);
        String copy = table + "-never";

        StrataCli.Result result = restoreThroughProxy(copy);
        proxy.off();

        String said = result.out() + result.err();
        assertEquals(1, result.code(), said);
        assertTrue(said.contains("could not be read"), said);
        assertTrue(said.contains(point.files().get(2).key()), said);
        assertFalse(said.contains("does not match"), said);
        assertFalse(clients.dynamoDb().listTables().tableNames().contains(copy), "no table was created");
    }
}
