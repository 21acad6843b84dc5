package io.strata.vault;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.FaultProxy;
import io.strata.support.FaultProxy.Call;
import io.strata.support.FaultProxy.Fault;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.dynamodb.TableExporter;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A download cut short is a network fault, not corruption: {@code strata verify} of a good recovery
 * point through a proxy that cuts data-file bodies resumes them and says VERIFIED; a file that stays
 * unreadable is reported as "could not be read" (exit 3), never as CORRUPT.
 */
class VerifyFaultsIT {

    private static final int ITEMS = 2000;
    private static String bucket;
    private static String point;
    private static FaultProxy proxy;

    @BeforeAll
    static void backUp() throws Exception {
        bucket = TestAws.unique("faults");
        String table = TestAws.unique("verify-faults");
        var clients = TestAws.clients(TestAws.settings(bucket));
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, ITEMS)
                .mapToObj(i -> Tables.simple("p" + i % 17, i, "payload-" + "x".repeat(200) + i)).toList());
        var settings = TestAws.settings(bucket, "strata.dynamodb.segments", "3");
        point = new TableExporter(clients.dynamoDb(), TestAws.vault(clients, settings), DynamoDbSettings.from(settings.properties()),
                Clock.systemUTC(), "us-east-1").export(table, null).key();
        clients.close();
        // The command line is not in local mode: the default credential chain reads these.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        proxy = FaultProxy.start(TestAws.services().s3Endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static List<String> cli(String... extra) {
        List<String> args = StrataCli.against(bucket);
        args.addAll(List.of(extra));
        return args;
    }

    private static StrataCli.Result verifyThroughProxy() {
        List<String> args = cli("-Dstrata.aws.endpoint.s3=" + proxy.endpoint());
        args.addAll(List.of("verify", point));
        return StrataCli.run(args);
    }

    @Test
    void aGoodPointVerifiesThroughCutDownloads() {
        int before = proxy.injected(Fault.CUT_BODY) + proxy.injected(Fault.RESET_MID_BODY);
        proxy.off().injectFirst(Fault.CUT_BODY, Call.s3Get("/data/"), 2)
                .injectFirst(Fault.RESET_MID_BODY, Call.s3Get("/data/"), 1);

        StrataCli.Result result = verifyThroughProxy();

        assertEquals(3, proxy.injected(Fault.CUT_BODY) + proxy.injected(Fault.RESET_MID_BODY) - before, "faults injected");
        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().startsWith("VERIFIED"), result.out());
        assertTrue(result.out().contains(String.format("%,d items", ITEMS)), result.out());
    }

    @Test
    void aFileThatStaysCutCouldNotBeReadAndIsNotCalledCorrupt() {
        proxy.off().inject(Fault.CUT_BODY, Call.s3Get("/data/"), 1.0);

        StrataCli.Result result = verifyThroughProxy();
        proxy.off();

        assertEquals(3, result.code(), result.out() + result.err());
        assertFalse(result.out().contains("CORRUPT"), result.out());
        assertTrue(result.out().startsWith("UNREADABLE"), result.out());
        assertTrue(result.out().contains("could not be read"), result.out());
        assertFalse(result.out().contains("expected " + ITEMS), "no count claimed over files not read: " + result.out());
    }
}
