package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata list} as a real process builds only what it uses: the S3 client for the vault and
 * DynamoDB's (it looks for interrupted table restores), never an EC2 or RDS client, no Camel
 * context (it routes nothing), and no Apache HttpClient (a short command's clients share the JDK's). The JVM's own class-loading log is the witness: a client that is
 * built loads its {@code Default…Client} class.
 */
class ListStartupIT {

    @TempDir
    Path dir;

    @Test
    void listBuildsNeitherTheEc2NorTheRdsClientNorCamel() throws Exception {
        String bucket = TestAws.unique("startup");
        String table = TestAws.unique("listed");
        StrataSettings settings = TestAws.settings(bucket);
        RecoveryPoint point;
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x")));
            point = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                    .export(table, null);
        }
        Path classes = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                "-Dstrata.home=" + Path.of("").toAbsolutePath(), "-Daws.accessKeyId=strataLocal",
                "-Daws.secretAccessKey=strataLocal", "io.strata.Strata"));
        command.addAll(StrataCli.against(bucket));
        command.add("list");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "strata list did not end");
        String said = Files.readString(out) + Files.readString(err);

        assertEquals(0, process.exitValue(), said);
        assertTrue(Files.readString(out).contains(point.key() + "  dynamodb:" + table), said);
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("software.amazon.awssdk.services.s3.DefaultS3Client "), "the witness works: S3 is built");
        assertTrue(loaded.contains("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient "),
                "a short command speaks through the JDK's HTTP client");
        for (String unused : List.of("software.amazon.awssdk.services.ec2.DefaultEc2Client ",
                "software.amazon.awssdk.services.rds.DefaultRdsClient ", "org.apache.camel.impl.DefaultCamelContext ",
                "software.amazon.awssdk.http.apache.ApacheHttpClient ", "org.apache.http.impl.client.CloseableHttpClient ")) {
            assertFalse(loaded.contains(unused), "list loaded " + unused.trim());
        }
    }
}
