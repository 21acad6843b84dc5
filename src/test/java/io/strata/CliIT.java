package io.strata;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.exit.ExitCode;
import io.strata.support.Tables;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The commands as a user runs them (in this JVM), against DynamoDB Local and S3Mock: output and exit codes. */
class CliIT {

    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("cli");
        StrataSettings settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        // Not local mode: the default credential chain, which reads these (DynamoDB Local wants letters and digits).
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }


    /** Runs {@code strata -D… ARGS} with stdout and stderr captured. */
    private static synchronized StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static RecoveryPoint backup(String table) throws Exception {
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        return new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(TestAws.properties(bucket)),
                Clock.systemUTC(), "us-east-1").export(table, null);
    }

    @Test
    void verifyAcceptsTheS3FormThatRestoreAccepts() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("verified"));

        StrataCli.Result ok = strata("verify", "s3://" + bucket + "/" + point.key());
        StrataCli.Result wrong = strata("verify", "s3://" + bucket + "/not/a/recovery/point/");

        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("VERIFIED " + point.key() + " in s3://" + bucket + ":"), ok.out());
        assertEquals(ExitCode.USAGE.code(), wrong.code());
        assertTrue(wrong.err().contains("is not a recovery point: expected"), wrong.err());
        assertTrue(wrong.err().contains("or s3://BUCKET/[prefix]strata/"), wrong.err());
        var asRestoreSeesIt = new io.strata.dynamodb.ExportSourceResolver(vault).resolve("s3://" + bucket + "/" + point.key());
        assertTrue(asRestoreSeesIt.description().startsWith("recovery point"), "restored with its schema and digests");
        assertTrue(asRestoreSeesIt.schema().isPresent());
    }

    @Test
    void restoreAndVerifyGoThroughTheirRoutesWithTheSameOutputAndExitCodes() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("restorable"));
        String target = TestAws.unique("restored");

        StrataCli.Result restored = strata("restore", point.key().toString(), "--to", target);
        StrataCli.Result again = strata("restore", point.key().toString(), "--to", target);
        StrataCli.Result missing = strata("verify", "strata/dynamodb/us-east-1/none/20200101T000000Z-00000000/");

        assertEquals(0, restored.code(), restored.err());
        assertTrue(restored.out().contains(target), restored.out());
        assertEquals(2, Tables.scanAll(clients.dynamoDb(), target).size());
        assertEquals(ExitCode.FAILED.code(), again.code(), "a table holding items needs --overwrite");
        assertTrue(again.err().startsWith("strata: "), again.err());
        assertFalse(again.err().contains("Camel"), "the service's reason, not the route's wrapper: " + again.err());
        assertEquals(ExitCode.FAILED.code(), missing.code());
        assertTrue(missing.err().startsWith("strata: No committed recovery point"), missing.err());
    }

    @Test
    void listShowsEveryReadableRecoveryPointAndNamesTheBrokenOnes() throws Exception {
        String table = TestAws.unique("listed");
        RecoveryPoint good = backup(table);
        String empty = "strata/dynamodb/us-east-1/" + table + "/20200101T000000Z-00000001/recovery-point.json";
        String garbage = "strata/dynamodb/us-east-1/" + table + "/20200101T000000Z-00000002/recovery-point.json";
        clients.s3().putObject(r -> r.bucket(bucket).key(empty), RequestBody.fromString("{}"));
        clients.s3().putObject(r -> r.bucket(bucket).key(garbage), RequestBody.fromString("{\"key\": tru"));

        StrataCli.Result result = strata("list", "dynamodb:" + table);

        assertEquals(ExitCode.FAILED.code(), result.code(), "a broken recovery point is a problem to report");
        assertTrue(result.out().contains(good.key()), result.out());
        assertTrue(result.err().contains("s3://" + bucket + "/" + empty), result.err());
        assertTrue(result.err().contains("s3://" + bucket + "/" + garbage), result.err());
        assertFalse(result.out().contains("20200101T000000Z"), result.out());
    }

    @Test
    void aBackupFromTheCommandLineNamesTheCliAsItsTrigger() throws Exception {
        String table = TestAws.unique("trigger");
        Tables.create(clients.dynamoDb(), table);

        StrataCli.Result result = strata("backup", "dynamodb:" + table);

        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().matches("(?s)Run \\w+ \\(cli\\): 1 resource\\(s\\), 0 failed.*"), result.out());
        var reports = clients.s3().listObjectsV2(r -> r.bucket(bucket).prefix("strata/runs/")).contents();
        String stored = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(reports.get(reports.size() - 1).key()))
                .asUtf8String();
        assertTrue(stored.contains("\"trigger\" : \"cli\""), stored);
    }

    @Test
    void listShowsTheNewestRecoveryPointOfEachResourceFirst() throws Exception {
        String table = TestAws.unique("ordered");
        RecoveryPoint older = backup(table);
        RecoveryPoint newer = new TableExporter(clients.dynamoDb(), vault,
                DynamoDbSettings.from(TestAws.properties(bucket)), Clock.systemUTC(), "us-east-1").export(table, null);

        StrataCli.Result result = strata("list", "dynamodb:" + table);

        assertEquals(0, result.code(), result.err());
        // Under the header, down to the blank line above the table's point-in-time window.
        List<String> lines = result.out().lines().skip(1).takeWhile(line -> !line.isBlank()).toList();
        assertEquals(2, lines.size(), result.out());
        assertTrue(lines.get(0).startsWith(newer.key()), result.out());
        assertTrue(lines.get(1).startsWith(older.key()), result.out());
    }

    @Test
    void aPlanRunCopiesToItsSecondVaultWhereListAndRestoreFindIt() throws Exception {
        String table = TestAws.unique("copied");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        String dr = TestAws.unique("cli-dr");
        clients.s3().createBucket(r -> r.bucket(dr));
        List<String> plan = List.of("-Dstrata.plan.dr.cron=0 0 2 * * ?", "-Dstrata.plan.dr.resources=dynamodb:" + table);
        String target = TestAws.unique("restored");

        // Restore, verify and list read a second vault the plans name (strata.plan.<name>.copy-to-vault) only.
        List<String> copying = List.of(with(plan, "-Dstrata.plan.dr.copy-to-vault=" + dr));
        StrataCli.Result run = strata(with(copying, "run", "--plan", "dr", "--once"));
        StrataCli.Result listed = strata(with(copying, "list", "--vault", dr));
        String copy = listed.out().lines().skip(1).findFirst().orElse("").split("\\s+")[0]; // under the header
        StrataCli.Result restored = strata(with(copying, "restore", copy, "--to", target));
        StrataCli.Result verified = strata(with(copying, "verify", copy));
        StrataCli.Result noSuchBucket = strata("list", "--vault", "no-such-" + dr);

        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(0, listed.code(), listed.err());
        assertTrue(copy.startsWith("s3://" + dr + "/strata/dynamodb/us-east-1/" + table + "/"), listed.out());
        assertEquals(0, verified.code(), verified.err());
        assertTrue(verified.out().startsWith("VERIFIED " + copy.substring(("s3://" + dr + "/").length()) + " in s3://" + dr
                + ":"), "names the bucket it verified: " + verified.out());
        assertEquals(0, restored.code(), restored.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
        assertEquals(ExitCode.FAILED.code(), noSuchBucket.code());
        assertEquals("strata: Bucket 'no-such-" + dr + "' (--vault) does not exist", noSuchBucket.err().trim());
    }

    @Test
    void aPlanRunWhoseCopyFailsExitsOneAndSaysThePrimaryIsCommitted() throws Exception {
        String table = TestAws.unique("uncopied");
        Tables.create(clients.dynamoDb(), table);
        String dr = TestAws.unique("cli-missing");

        StrataCli.Result run = strata("-Dstrata.plan.dr.cron=0 0 2 * * ?", "-Dstrata.plan.dr.resources=dynamodb:" + table,
                "-Dstrata.plan.dr.copy-to-vault=" + dr, "-Dstrata.vault.create-bucket=false", "run", "--plan", "dr",
                "--once");

        assertEquals(ExitCode.FAILED.code(), run.code(), run.out());
        assertTrue(run.out().contains("FAIL  dynamodb:" + table), run.out());
        assertTrue(run.out().contains("is committed in s3://" + bucket + ", but its copy to s3://" + dr), run.out());
        assertTrue(run.out().contains("Second vault bucket '" + dr + "' (strata.plan.dr.copy-to-vault) does not exist"),
                run.out());
        assertEquals(1, vault.list(p -> p.resource().equals("dynamodb:" + table)).points().size());
    }

    @Test
    void anUnknownPlanOrARestoreOptionItsServiceDoesNotTakeIsBadUsageNamingIt() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("misused"));
        List<String> plan = List.of("-Dstrata.plan.dr.cron=0 0 2 * * ?", "-Dstrata.plan.dr.resources=dynamodb:orders");

        StrataCli.Result run = strata(with(plan, "run", "--plan", "nightly", "--once"));
        StrataCli.Result archive = strata(with(plan, "archive", "--plan", "nightly", "--dry-run"));
        StrataCli.Result launch = strata("restore", point.key(), "--to", TestAws.unique("never"), "--launch");

        assertEquals(ExitCode.USAGE.code(), run.code(), run.err());
        assertTrue(run.err().startsWith("strata: No plan named 'nightly' (known: dr)"), run.err());
        assertEquals(ExitCode.USAGE.code(), archive.code(), archive.err());
        assertTrue(archive.err().startsWith("strata: No plan named 'nightly'"), archive.err());
        assertEquals(ExitCode.USAGE.code(), launch.code(), launch.err());
        assertTrue(launch.err().startsWith("strata: A dynamodb restore does not take [launch]"), launch.err());
    }

    private static String[] with(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
