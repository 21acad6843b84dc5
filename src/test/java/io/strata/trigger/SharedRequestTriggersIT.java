package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.StrataRuntime;
import io.strata.support.TestAws;
import io.strata.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two replicas (two Strata runtimes, each its own Camel context, in this JVM) on one PostgreSQL, both polling one
 * inbox folder and one request prefix: each request runs once, on one of them, and a claim left by a replica that
 * died is taken over while a live one is left alone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedRequestTriggersIT {

    @TempDir
    Path temp;

    @Test
    void twoReplicasPollingOneInboxAndOnePrefixRunEachRequestOnce() throws Exception {
        String url = TestPostgres.newDatabase("claims");
        String bucket = TestAws.unique("shared-req");
        Path inbox = temp.resolve("inbox");
        try (TriggerFixture aws = new TriggerFixture("strata.cluster.jdbc-url", url, "strata.cluster.user", "postgres",
                "strata.inbox", inbox.toString(), "strata.requests.bucket", bucket,
                "strata.requests.state-dir", temp.resolve("state").toString())) {
            aws.clients.s3().createBucket(r -> r.bucket(bucket));
            StrataRuntime first = aws.start();
            StrataRuntime second = aws.start();
            try {
                String request = "{\"action\":\"backup\",\"resources\":[\"dynamodb:" + aws.table + "\"]}";
                Files.writeString(inbox.resolve("backup.json"), request);
                aws.clients.s3().putObject(r -> r.bucket(bucket).key("requests/backup.json"),
                        RequestBody.fromString(request, StandardCharsets.UTF_8));

                awaitLong(() -> Files.exists(inbox.resolve(".done/backup.json")) && keys(aws, bucket, "processed/").size() == 1,
                        "both requests handled");
                awaitLong(() -> idle(first) && idle(second), "both replicas idle");
                assertEquals(RequestOutcome.OK, TriggerFixture.outcome(Files.readAllBytes(
                        inbox.resolve(".done/backup.json.result.json"))).status());
                assertEquals(List.of("results/backup.json.json"), keys(aws, bucket, "results/"), "one outcome");
                try (var done = Files.list(inbox.resolve(".done"))) {
                    assertEquals(2, done.count(), "one request and its one outcome in .done/");
                }
                assertEquals(2, aws.points().size(), "two requests, each backed up once: " + aws.points());
                assertEquals(0, count(url, "SELECT count(*) FROM camel_messageprocessed"), "every claim released");

                // A claim whose replica stopped renewing it an hour ago is taken over; a fresh one is left to its holder.
                claim(url, "inbox:orphan.json", "1 hour");
                claim(url, "inbox:live.json", "0 seconds");
                Files.writeString(inbox.resolve("live.json"), request);
                Files.writeString(inbox.resolve("orphan.json"), request);
                awaitLong(() -> Files.exists(inbox.resolve(".done/orphan.json")), "the orphaned request taken over");
                awaitLong(() -> idle(first) && idle(second), "both replicas idle");
                assertEquals(3, aws.points().size(), "the orphaned request ran once: " + aws.points());
                assertTrue(Files.exists(inbox.resolve("live.json")), "a request claimed by a live replica is left to it");
                assertFalse(Files.exists(inbox.resolve(".done/live.json.result.json")));
                assertEquals(1, count(url, "SELECT count(*) FROM camel_messageprocessed"), "only the live claim is left");
            } finally {
                first.close();
            }
        }
    }

    /** Runs a request, moves it and its outcome: generous, the machine may be loaded. */
    private static void awaitLong(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 90 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean idle(StrataRuntime runtime) {
        return runtime.context().getInflightRepository().size() == 0;
    }

    private static List<String> keys(TriggerFixture aws, String bucket, String prefix) {
        return aws.clients.s3().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static void claim(String url, String key, String age) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO camel_messageprocessed VALUES "
                     + "('strata-requests', ?, (now() AT TIME ZONE 'UTC') - INTERVAL '" + age + "')")) {
            insert.setString(1, key);
            insert.executeUpdate();
        }
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
