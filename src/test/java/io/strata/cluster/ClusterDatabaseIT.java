package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.output.Times;
import io.strata.support.StrataCli;
import io.strata.support.TestPostgres;
import io.strata.text.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shared tables on a real PostgreSQL: created once from Quartz's own script, never wiped, also by nodes starting together. */
class ClusterDatabaseIT {

    private static ClusterSettings settings(String url) {
        return new ClusterSettings(url, "postgres", Optional.empty(), Duration.ofSeconds(2));
    }

    private static int count(ClusterDatabase database, String sql) throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void threeNodesStartingAtOnceOnAnEmptyDatabaseCreateTheTablesOnce() throws Exception {
        String url = TestPostgres.newDatabase("schema");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ClusterDatabase>> nodes = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ClusterDatabase.open(settings(url));
        })).toList();
        go.countDown();
        ClusterDatabase first = nodes.get(0).get(60, TimeUnit.SECONDS);
        for (var node : nodes) {
            node.get(60, TimeUnit.SECONDS);
        }
        assertEquals(12, count(first, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name LIKE 'qrtz_%' OR table_name = 'camel_messageprocessed'"));

        // A later start leaves what the schedule holds: the script's DROP TABLEs are never run.
        try (Connection connection = first.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO qrtz_locks VALUES ('strata', 'TRIGGER_ACCESS')");
        }
        ClusterDatabase.open(settings(url)).close();
        assertEquals(1, count(first, "SELECT count(*) FROM qrtz_locks"));
        for (var node : nodes) {
            node.get().close();
        }
    }

    @Test
    void statusListsTheNodesThatCheckedInAndWhatEachRuns() throws Exception {
        String url = TestPostgres.newDatabase("status");
        assertEquals(List.of(), ClusterStatus.read(settings(url)), "no node started yet: no tables, none created");
        long now = System.currentTimeMillis();
        try (ClusterDatabase database = ClusterDatabase.open(settings(url));
             Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            // As Quartz writes them: node a checked in just now and runs plan nightly; node b fell silent a minute ago.
            statement.execute("INSERT INTO qrtz_scheduler_state VALUES ('strata', 'a', " + now + ", 2000), "
                    + "('strata', 'b', " + (now - 60_000) + ", 2000)");
            statement.execute("INSERT INTO qrtz_fired_triggers VALUES ('strata', 'e1', 'recover_b_1', 'RECOVERING_JOBS', "
                    + "'a', " + now + ", " + now + ", 5, 'EXECUTING', 'nightly', 'strata', true, true)");
        }
        List<ClusterStatus.Node> nodes = ClusterStatus.read(settings(url));
        Instant at = Instant.ofEpochMilli(now);
        assertEquals(List.of(new ClusterStatus.Node("a", at, Duration.ofSeconds(2),
                        List.of(new ClusterStatus.Running("nightly", at, true))),
                new ClusterStatus.Node("b", at.minusSeconds(60), Duration.ofSeconds(2), List.of())), nodes);
        assertFalse(nodes.get(0).late(at.plusSeconds(5)));
        assertTrue(nodes.get(1).late(at));

        // What a script reads: b is late, so ok is false and the exit code 1.
        List<String> args = List.of("-Dstrata.vault.bucket=unused", "-Dstrata.aws.region=us-east-1",
                "-Dstrata.cluster.jdbc-url=" + url, "-Dstrata.cluster.user=postgres", "cluster", "status");
        StrataCli.Result human = StrataCli.run(new ArrayList<>(args));
        assertEquals(1, human.code(), human.out() + human.err());
        List<String> lines = human.out().lines().toList();
        assertEquals("2 instance(s) checked in", lines.get(0), human.out());
        assertTrue(lines.get(1).startsWith("a ") && lines.get(1).contains("(every 2s); running nightly (for ")
                && lines.get(1).endsWith(", recovered from a dead instance)"), human.out());
        assertTrue(lines.get(2).startsWith("b ") && lines.get(2).endsWith("(every 2s), LATE: taken for dead; running nothing"),
                human.out());

        List<String> withJson = new ArrayList<>(args);
        withJson.add("--json");
        StrataCli.Result status = StrataCli.run(withJson);
        assertEquals(1, status.code(), status.out() + status.err());
        JsonNode json = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(status.out());
        assertFalse(json.path("ok").asBoolean(), json.toString());
        assertEquals(2, json.path("nodes").size(), json.toString());
        JsonNode a = json.path("nodes").get(0);
        assertEquals("a", a.path("instance").asText());
        assertEquals(Times.iso(at), a.path("lastCheckin").asText());
        assertEquals(2000, a.path("checkinIntervalMs").asLong());
        assertFalse(a.path("late").asBoolean(), json.toString());
        JsonNode b = json.path("nodes").get(1);
        assertEquals("b", b.path("instance").asText());
        assertEquals(Times.iso(at.minusSeconds(60)), b.path("lastCheckin").asText());
        assertTrue(b.path("late").asBoolean(), json.toString());
        assertEquals(1, json.path("running").size(), json.toString());
        JsonNode running = json.path("running").get(0);
        assertEquals("nightly", running.path("plan").asText());
        assertEquals("a", running.path("instance").asText());
        assertEquals(Times.iso(at), running.path("firedAt").asText());
        assertTrue(running.path("recovered").asBoolean(), json.toString());
    }

    @Test
    void aWrongPasswordFailsNamingTheSettingsAndNeverShowsThePassword() throws Exception {
        String url = TestPostgres.newDatabase("refused");
        Path secret = Files.createTempFile("db", ".password");
        Files.writeString(secret, "s3cret-never-shown\n");
        ClusterSettings wrongUser = new ClusterSettings(url.replace("user=postgres", "user=nobody"), "nobody",
                Optional.of(secret), Duration.ofSeconds(2));
        ClusterException e = assertThrows(ClusterException.class, () -> ClusterDatabase.open(wrongUser));
        assertTrue(e.getMessage().contains("strata.cluster.jdbc-url"), e.getMessage());
        assertTrue(e.getMessage().contains("strata.cluster.user=nobody"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void withoutAJdbcUrlThereIsNoCluster() {
        assertTrue(ClusterSettings.from(new Properties()).isEmpty());
        Properties mysql = new Properties();
        mysql.setProperty("strata.cluster.jdbc-url", "jdbc:mysql://db/strata");
        assertTrue(assertThrows(RuntimeException.class, () -> ClusterSettings.from(mysql)).getMessage()
                .contains("strata.cluster.jdbc-url"));
    }
}
