package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.exit.ExitCode;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Issue 19, point 4: {@code restore s3://another-bucket/strata/…} (CLI, request file; JMX and verify take
 * the same path) read whatever that bucket held and wrote it into the table the request named. Now a
 * recovery point is read only from the vault, the plans' second vaults and the buckets named in
 * {@code strata.restore.allowed-buckets}; anything else is refused naming the bucket and that setting.
 */
class ForeignBucketsIT {

    @TempDir
    Path temp;

    @BeforeAll
    static void credentials() {
        // Not local mode: the default credential chain, which reads these (DynamoDB Local wants letters and digits).
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    /** A genuine recovery point of {@code table}, but in {@code bucket}, which is not the vault of the tests below. */
    private static String pointIn(String bucket, String table) {
        StrataSettings settings = TestAws.settings(bucket);
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault elsewhere = TestAws.vault(clients, settings);
            RecoveryPoint point = new TableExporter(clients.dynamoDb(), elsewhere, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                    "us-east-1").export(table, null);
            return "s3://" + bucket + "/" + point.key();
        }
    }

    private static StrataCli.Result strata(String vault, String... rest) {
        List<String> args = new ArrayList<>(StrataCli.against(vault));
        args.add("-Dstrata.vault.create-bucket=true");
        args.addAll(List.of(rest));
        return StrataCli.run(args);
    }

    @Test
    void theCliRestoresAndVerifiesFromTheVaultsOnlyUnlessTheBucketIsAllowed() throws Exception {
        String table = TestAws.unique("foreign-src");
        try (AwsClients clients = TestAws.clients(TestAws.settings(TestAws.unique("unused")))) {
            cliReadsTheVaultsOnly(clients.dynamoDb(), table);
        }
    }

    private static void cliReadsTheVaultsOnly(DynamoDbClient dynamoDb, String table) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        String foreign = TestAws.unique("not-a-vault");
        String point = pointIn(foreign, table);
        String vault = TestAws.unique("home-vault");
        String target = TestAws.unique("foreign-restored");

        StrataCli.Result restore = strata(vault, "restore", point, "--to", target);
        StrataCli.Result verify = strata(vault, "verify", point);
        StrataCli.Result list = strata(vault, "list", "--vault", foreign);

        for (StrataCli.Result refused : List.of(restore, verify, list)) {
            assertEquals(ExitCode.USAGE.code(), refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("Bucket '" + foreign + "' is not a vault")
                    && refused.err().contains("strata.restore.allowed-buckets"), refused.err());
        }
        assertFalse(exists(dynamoDb, target), "nothing restored");

        StrataCli.Result allowed = strata(vault, "-Dstrata.restore.allowed-buckets=other-bucket, " + foreign,
                "restore", point, "--to", target);
        assertEquals(0, allowed.code(), allowed.out() + allowed.err());
        assertEquals(Tables.scanAll(dynamoDb, table), Tables.scanAll(dynamoDb, target));
    }

    @Test
    void aRestoreRequestFileNamingAnotherBucketFailsNamingTheSetting() throws Exception {
        Path inbox = temp.resolve("inbox");
        try (TriggerFixture aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir",
                temp.resolve("state").toString())) {
            aws.start();
            String foreign = TestAws.unique("not-a-vault");
            String point = pointIn(foreign, aws.table);
            String target = aws.table + "-foreign";
            NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
            Files.createDirectories(inbox);
            Path temporary = inbox.resolve(".restore.json.tmp");
            Files.writeString(temporary, "{\"action\":\"restore\",\"recoveryPoint\":\"" + point + "\",\"target\":\""
                    + target + "\"}", StandardCharsets.UTF_8);
            Files.move(temporary, inbox.resolve("restore.json"));
            assertTrue(done.matches(60, TimeUnit.SECONDS), "the request was handled");
            TriggerFixture.await(() -> Files.exists(inbox.resolve(".done/restore.json.result.json")),
                    "restore.json done");

            RequestOutcome outcome = TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".done/restore.json.result.json")));
            assertEquals(RequestOutcome.FAILED, outcome.status(), outcome.toString());
            assertTrue(outcome.errors().stream().anyMatch(e -> e.contains("Bucket '" + foreign + "' is not a vault")
                    && e.contains("strata.restore.allowed-buckets")), outcome.toString());
            assertFalse(exists(aws.clients.dynamoDb(), target), "nothing restored");
        }
    }

    private static boolean exists(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
