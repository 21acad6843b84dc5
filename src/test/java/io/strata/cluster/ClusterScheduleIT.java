package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.run.RunReport;
import io.strata.support.StrataCli;
import io.strata.support.StrataProcess;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.support.TestPostgres;
import io.strata.text.Json;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Several {@code strata run} daemons (child JVMs) sharing one real PostgreSQL, one vault and one DynamoDB:
 * each firing of a plan runs on exactly one of them (counted in the run reports in the vault), and a node
 * killed with -9 mid-backup leaves its run to another node.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // child JVMs start slowly on a busy 2-core machine; ~1 min each when idle
class ClusterScheduleIT {

    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;
    private final List<StrataProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("cluster");
        var settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @AfterEach
    void killNodes() throws InterruptedException {
        for (StrataProcess node : nodes) {
            node.destroyForcibly();
        }
    }

    private StrataProcess node(String jdbcUrl, Path config, String... settings) throws IOException {
        // 5 s: a dead node is taken for dead within 12.5 s, and a node starved for a few seconds on a loaded machine
        // is not (cluster status would call it late and exit 1).
        List<String> all = new ArrayList<>(List.of("-Dstrata.cluster.jdbc-url=" + jdbcUrl, "-Dstrata.cluster.user=postgres",
                "-Dstrata.cluster.checkin-interval=5s"));
        all.addAll(List.of(settings));
        // Three JVMs starting at once on two cores: the C1 compiler and the serial collector start them sooner.
        StrataProcess node = StrataProcess.start(bucket, all, Map.of("JAVA_TOOL_OPTIONS",
                "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), "--config", config.toString(), "run");
        nodes.add(node);
        return node;
    }

    private static void awaitRunning(StrataProcess node) throws Exception {
        assertTrue(node.await(() -> said(node).contains("Strata running"), 100_000), node.said());
    }

    private static String said(StrataProcess node) {
        try {
            return node.stdout() + node.stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RunReport> reports(String plan) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("strata/runs/")).contents().stream()
                .map(o -> read(o.key())).filter(report -> plan.equals(report.plan())).toList();
    }

    private static RunReport read(String key) {
        try {
            return Json.MAPPER.readValue(clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(),
                    RunReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAll(List<StrataProcess> running) throws Exception {
        running.forEach(node -> node.process().destroy()); // SIGTERM
        for (StrataProcess node : running) {
            assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), node.said());
        }
    }

    @Test
    void eachFiringRunsOnceAcrossThreeNodesStartedTogetherOnEmptyTables() throws Exception {
        String table = TestAws.unique("tick");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("p", 1, "one")));
        Path config = Files.createTempFile("cluster", ".properties");
        Files.writeString(config, "strata.plan.tick.cron=0/3 * * * * ?\nstrata.plan.tick.resources=dynamodb:" + table + "\n");
        String database = TestPostgres.newDatabase("tick");
        Instant launched = Instant.now();
        List<StrataProcess> three = List.of(node(database, config), node(database, config), node(database, config));
        for (StrataProcess node : three) {
            awaitRunning(node);
        }
        // Waits for runs, not for a time: on a loaded machine a run takes seconds and some slots are missed.
        assertTrue(three.get(0).await(() -> reports("tick").stream().filter(RunReport::success).count() >= 4, 120_000),
                "the plan kept firing: " + reports("tick"));
        StrataCli.Result status = status(database);
        stopAll(three);
        Instant stopped = Instant.now();

        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("3 instance(s) checked in"), status.out());
        List<RunReport> reports = reports("tick").stream().sorted(Comparator.comparing(RunReport::startedAt)).toList();
        // One run of the plan at a time across the nodes: a firing run by two nodes would overlap.
        for (int i = 1; i < reports.size(); i++) {
            RunReport before = reports.get(i - 1);
            RunReport after = reports.get(i);
            assertTrue(after.startedAt().isAfter(before.finishedAt()),
                    () -> "runs overlap: " + before + " and " + after + "\n" + logs(three));
        }
        // Each firing runs once: at most one report per fire time the nodes were up for (a firing that is late by
        // more than 5 s, on a busy machine, replaces the slots it missed); three nodes each running it would write
        // up to three times as many.
        long fireTimes = stopped.getEpochSecond() / 3 - launched.getEpochSecond() / 3 + 1;
        assertTrue(reports.size() <= fireTimes, () -> reports.size() + " reports for " + fireTimes + " fire times: " + reports
                + "\n" + logs(three));
        // Every successful run committed one recovery point, and no run committed without its report (a run still
        // going at the stop signal fails, committing nothing).
        String resource = RecoveryPointKey.resourcePrefix(vault.prefix(), "dynamodb", "us-east-1", table);
        assertEquals(reports.stream().filter(RunReport::success).count(), committed(resource).size(),
                "one committed recovery point per successful run: " + committed(resource) + " " + reports);
    }

    /** What the nodes said, for a failure that shows only on a loaded machine. */
    private static String logs(List<StrataProcess> nodes) {
        return String.join("\n", nodes.stream().map(ClusterScheduleIT::said).toList());
    }

    @Test
    void aNodeKilledMidBackupLeavesItsRunToAnotherAndTheScheduleGoesOn() throws Exception {
        String slow = TestAws.unique("slow");
        Tables.create(clients.dynamoDb(), slow);
        Tables.put(clients.dynamoDb(), slow, IntStream.range(0, 1500).mapToObj(i -> Tables.simple("p", i, "v" + i)).toList());
        String tick = TestAws.unique("tick");
        Tables.create(clients.dynamoDb(), tick);
        Tables.put(clients.dynamoDb(), tick, List.of(Tables.simple("p", 1, "one")));
        // The slow plan fires every 30 s (each run ~15 s), the tick plan every 4 s throughout.
        Path config = Files.createTempFile("cluster", ".properties");
        Files.writeString(config, "strata.plan.slow.cron=0/30 * * * * ?\nstrata.plan.slow.resources=dynamodb:" + slow
                + "\nstrata.plan.tick.cron=0/4 * * * * ?\nstrata.plan.tick.resources=dynamodb:" + tick + "\n");
        String database = TestPostgres.newDatabase("kill");
        // 10 items a page at 5 read units a second: the slow export takes ~15 s, time enough to kill its node.
        String[] slowScan = {"-Dstrata.dynamodb.segments=1", "-Dstrata.dynamodb.scan-page-size=10",
                "-Dstrata.dynamodb.read-rate=5"};
        List<StrataProcess> two = List.of(node(database, config, slowScan), node(database, config, slowScan));
        for (StrataProcess node : two) {
            awaitRunning(node);
        }
        String exporting = "Exporting " + slow;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        StrataProcess victim = null;
        while (victim == null && System.nanoTime() < deadline) {
            victim = two.stream().filter(node -> said(node).contains(exporting)).findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertTrue(victim != null, "a node started the slow backup: " + two.get(0).said() + two.get(1).said());
        StrataProcess survivor = two.get(0) == victim ? two.get(1) : two.get(0);
        Thread.sleep(2000);
        victim.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9, mid-export
        Instant killed = Instant.now();

        assertTrue(survivor.await(() -> reports("slow").stream().anyMatch(r -> r.success() && r.startedAt().isAfter(killed)),
                120_000), "the survivor ran the slow plan after the kill: " + survivor.said());
        assertTrue(reports("tick").stream().filter(r -> r.startedAt().isAfter(killed)).count() >= 2,
                "the schedule went on: " + reports("tick"));
        stopAll(List.of(survivor));

        // The killed run wrote no report and committed nothing; every other successful firing committed once
        // (a run stopped by the survivor's SIGTERM fails and commits nothing).
        List<RunReport> slowRuns = reports("slow").stream().filter(RunReport::success).toList();
        String resource = RecoveryPointKey.resourcePrefix(vault.prefix(), "dynamodb", "us-east-1", slow);
        assertEquals(slowRuns.size(), committed(resource).size(), "one committed recovery point per run: " + keys(resource));
        // The dead attempt's files are the sweep's (its lease lapsed): once it ran, only the committed point is left.
        new AttemptSweeper(vault, AttemptTiming.DEFAULT, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)))
                .sweep(resource, "");
        List<String> points = committed(resource);
        assertTrue(keys(resource).stream().allMatch(key -> points.stream().anyMatch(key::startsWith)),
                "no leftover: " + keys(resource));
        assertEquals(0, clients.s3().listMultipartUploads(r -> r.bucket(bucket).prefix(resource)).uploads().size());
    }

    /** {@code strata cluster status}, in this JVM. */
    private static StrataCli.Result status(String database) {
        List<String> args = StrataCli.against(bucket);
        args.addAll(List.of("-Dstrata.cluster.jdbc-url=" + database, "-Dstrata.cluster.user=postgres", "cluster", "status"));
        return StrataCli.run(args);
    }

    private static List<String> keys(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The folders holding a descriptor. */
    private static List<String> committed(String prefix) {
        return keys(prefix).stream().filter(key -> key.endsWith("/" + RecoveryPointKey.DESCRIPTOR))
                .map(key -> key.substring(0, key.length() - RecoveryPointKey.DESCRIPTOR.length())).toList();
    }
}
