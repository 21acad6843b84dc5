package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.exit.ExitCode;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SIGTERM to a real {@code strata} process (a child JVM on this test's DynamoDB Local and S3Mock):
 * the work stops cleanly and the exit code agrees with what was printed.
 */
class SignalIT {

    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("signal");
        var settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    /** A strata process writing its stdout and stderr to files, so nothing is lost when it ends. */
    private record Child(Process process, Path out, Path err) {

        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        /** For failure messages: what the process said so far. */
        String said() throws IOException {
            return (process.isAlive() ? "running" : "exited " + process.exitValue()) + "\nstdout:\n" + stdout()
                    + "\nstderr:\n" + stderr();
        }

        boolean waitForErr(String text, long millis) throws Exception {
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                if (stderr().contains(text)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return stderr().contains(text);
        }
    }

    private static Child strata(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Daws.accessKeyId=strataLocal", "-Daws.secretAccessKey=strataLocal", "io.strata.Strata",
                "-Dstrata.vault.bucket=" + bucket, "-Dstrata.aws.region=us-east-1",
                "-Dstrata.aws.endpoint.dynamodb=" + TestAws.services().dynamoDbEndpoint(),
                "-Dstrata.aws.endpoint.s3=" + TestAws.services().s3Endpoint()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("strata", ".out");
        Path err = Files.createTempFile("strata", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Child(process, out, err);
    }

    @Test
    void sigtermDuringABackupFailsItCleanlyAndTheExitCodeSaysSo() throws Exception {
        String table = TestAws.unique("sigterm");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 3000).mapToObj(i -> Tables.simple("p", i, "v" + i)).toList());

        // 10 items a page, 5 capacity units a second: about 30 s, time enough to be stopped midway.
        Child child = strata("-Dstrata.dynamodb.segments=1", "-Dstrata.dynamodb.scan-page-size=10",
                "-Dstrata.dynamodb.read-rate=5", "backup", "dynamodb:" + table);
        assertTrue(child.waitForErr("Exporting " + table, 60_000), child.said());
        Thread.sleep(1000);
        child.process().destroy(); // SIGTERM

        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "stopped within the grace period");
        String out = child.stdout();
        assertEquals(ExitCode.FAILED.code(), child.process().exitValue(), child.said());
        assertTrue(out.contains("FAIL  dynamodb:" + table), child.said());
        assertTrue(out.contains("nothing committed"), out);
        List<String> keys = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList();
        assertTrue(keys.stream().allMatch(k -> k.startsWith("strata/runs/")), "only the run report is left: " + keys);
        assertEquals(1, keys.size(), keys.toString());
        assertEquals(0, clients.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads().size());
    }

    @Test
    void sigtermStopsTheDaemonWithExitCodeZero() throws Exception {
        Path config = Files.createTempFile("strata", ".properties");
        Files.writeString(config, "strata.plan.yearly.cron=0 0 3 1 1 ?\nstrata.plan.yearly.resources=dynamodb:none\n");
        Child child = strata("--config", config.toString(), "run");
        assertTrue(child.waitForErr("Plan yearly scheduled", 60_000), child.said());
        child.process().destroy();

        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
        String out = child.stdout();
        assertEquals(0, child.process().exitValue(), child.said());
        assertTrue(out.contains("Strata stopped"), out);
    }
}
