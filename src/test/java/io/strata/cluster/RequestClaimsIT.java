package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The replicas' request claims on a real PostgreSQL: one holder at a time, a dead holder's claim taken over once. */
class RequestClaimsIT {

    private static Timestamp createdAt(ClusterDatabase database, String key) throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT createdAt FROM camel_messageprocessed WHERE messageId = '" + key + "'")) {
            return rs.next() ? rs.getTimestamp(1) : null;
        }
    }

    private static void age(ClusterDatabase database, String key, String by) throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE camel_messageprocessed SET createdAt = createdAt - INTERVAL '" + by + "' WHERE messageId = '"
                    + key + "'");
        }
    }

    @Test
    void aLiveClaimIsExclusiveAndADeadOneIsTakenOverByExactlyOneReplica() throws Exception {
        ClusterSettings settings = new ClusterSettings(TestPostgres.newDatabase("claims"), "postgres", Optional.empty(),
                Duration.ofSeconds(15));
        try (ClusterDatabase database = ClusterDatabase.open(settings)) {
            RequestClaims a = RequestClaims.on(database);
            RequestClaims b = RequestClaims.on(database);
            assertEquals(Duration.ofMinutes(1), a.timeout(), "4 check-in intervals");

            assertTrue(a.add("s3:b/requests/x.json:1"));
            assertFalse(b.add("s3:b/requests/x.json:1"), "held by a live replica");
            assertFalse(a.add("s3:b/requests/x.json:1"), "a claim is taken once, also by its holder");
            assertTrue(b.contains("s3:b/requests/x.json:1"));
            // Camel's idempotent consumer confirms (or removes) the duplicate it let through: not b's claim to release.
            assertFalse(b.confirm("s3:b/requests/x.json:1"));
            assertFalse(b.remove("s3:b/requests/x.json:1"));
            assertTrue(b.contains("s3:b/requests/x.json:1"), "still a's");

            // The heartbeat renews what a replica holds.
            age(database, "s3:b/requests/x.json:1", "30 seconds");
            Timestamp before = createdAt(database, "s3:b/requests/x.json:1");
            a.beat();
            assertTrue(createdAt(database, "s3:b/requests/x.json:1").after(before), "renewed");

            // Done or failed: the claim goes, another replica may claim the key (a done one is known by its outcome).
            assertTrue(a.confirm("s3:b/requests/x.json:1"));
            assertFalse(b.contains("s3:b/requests/x.json:1"));
            assertTrue(b.add("s3:b/requests/x.json:1"));
            assertTrue(b.remove("s3:b/requests/x.json:1"));
            assertEquals(null, createdAt(database, "s3:b/requests/x.json:1"));

            // One replica, two routes (an SQS notification and the prefix's polling) meeting one object: the route that
            // let the duplicate through confirms it at completion, and must not release the other route's claim.
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                Exchange sqs = new DefaultExchange(camel);
                Exchange polling = new DefaultExchange(camel);
                assertTrue(a.add(sqs, "s3:b/requests/w.json:2"));
                assertFalse(a.add(polling, "s3:b/requests/w.json:2"));
                assertFalse(a.confirm(polling, "s3:b/requests/w.json:2"));
                assertTrue(b.contains("s3:b/requests/w.json:2"), "still the other route's");
                assertTrue(a.confirm(sqs, "s3:b/requests/w.json:2"));
                assertFalse(b.contains("s3:b/requests/w.json:2"));
            }

            // Its holder died: not renewed for over the timeout. Three replicas find it at once; one takes it over.
            assertTrue(a.add("inbox:y.json"));
            age(database, "inbox:y.json", "61 seconds");
            assertFalse(b.contains("inbox:y.json"), "a dead claim holds nothing");
            List<RequestClaims> replicas = List.of(b, RequestClaims.on(database), RequestClaims.on(database));
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> takers = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return replicas.get(i).add("inbox:y.json");
            })).toList();
            go.countDown();
            int won = 0;
            for (CompletableFuture<Boolean> taker : takers) {
                won += taker.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, won, "exactly one replica took the dead claim over");
            assertTrue(a.contains("inbox:y.json"), "alive again, under its new holder");

            // A replica stopping releases what it still holds: the others need not wait for the timeout.
            RequestClaims stopping = RequestClaims.on(database);
            assertTrue(stopping.add("inbox:z.json"));
            stopping.stop(); // what a route stopping does: the claim stays, renewed
            assertTrue(a.contains("inbox:z.json"));
            stopping.end();
            assertFalse(a.contains("inbox:z.json"));
        }
    }
}
