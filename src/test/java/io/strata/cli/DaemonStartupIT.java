package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata run} as a real process with a plan of one DynamoDB table: the daemon starts, schedules
 * and stops without building what it has not used. The EC2 route's {@code #ec2Client} is resolved when
 * Camel creates the route, yet no EC2 client may be built until an instance is looked up, nor an RDS one
 * until an RDS source is; the JVM's class-loading log is the witness (a built client loads its
 * {@code Default…Client} class), as in {@link ListStartupIT}. Nor is the monitoring stack (Micrometer, Vert.x,
 * Camel's HTTP server) loaded without {@code strata.http.port}.
 */
class DaemonStartupIT {

    @TempDir
    Path dir;

    /** Two JVMs start here (this one's emulators, then the daemon without a class-data archive): slow when loaded. */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theDaemonBuildsNeitherTheEc2NorTheRdsClientUntilItUsesThem() throws Exception {
        String bucket = TestAws.unique("daemon");
        StrataSettings settings = TestAws.settings(bucket);
        try (AwsClients clients = TestAws.clients(settings)) {
            TestAws.vault(clients, settings);
        }
        Path classes = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                "-Dstrata.home=" + Path.of("").toAbsolutePath(), "-Daws.accessKeyId=strataLocal",
                "-Daws.secretAccessKey=strataLocal", "io.strata.Strata"));
        command.addAll(StrataCli.against(bucket));
        command.addAll(List.of("-Dstrata.plan.yearly.cron=0 0 3 1 1 ?", "-Dstrata.plan.yearly.resources=dynamodb:orders",
                "run", "--plan", "yearly"));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // Printed once the routes run (the EC2 route's endpoint made and started) and the plan is scheduled.
            long deadline = System.currentTimeMillis() + 300_000;
            while (process.isAlive() && !Files.readString(out).contains("Strata running")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(out).contains("Strata running 1 plan(s)"),
                    "the daemon did not start:\n" + Files.readString(out) + Files.readString(err));
        } finally {
            process.destroy(); // SIGTERM: the daemon stops cleanly
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "strata run did not stop");
        }
        String said = Files.readString(out) + Files.readString(err);
        assertEquals(0, process.exitValue(), said);
        String loaded = Files.readString(classes);
        for (String built : List.of("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient ",
                "software.amazon.awssdk.services.s3.DefaultS3Client ", "org.apache.camel.impl.DefaultCamelContext ")) {
            assertTrue(loaded.contains(built), "the witness works: " + built.trim() + " is loaded");
        }
        for (String unused : List.of("software.amazon.awssdk.services.ec2.DefaultEc2Client ",
                "software.amazon.awssdk.services.rds.DefaultRdsClient ")) {
            assertFalse(loaded.contains(unused), "the daemon loaded " + unused.trim());
        }
        // Without strata.http.port the monitoring stack stays unloaded (start-up time), without strata.notify.*
        // no SNS client is built.
        for (String unused : List.of("io.micrometer.core.instrument.MeterRegistry ", "io.vertx.core.Vertx ",
                "org.apache.camel.component.platform.http.main.MainHttpServer ", "io.strata.monitor.MonitoringServer ",
                "software.amazon.awssdk.services.sns.DefaultSnsClient ",
                // Without strata.cluster.jdbc-url: no connection pool, no PostgreSQL driver.
                "com.zaxxer.hikari.HikariDataSource ", "org.postgresql.Driver ")) {
            assertFalse(loaded.contains(unused), "the daemon loaded " + unused.trim());
        }
    }
}
