package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.exit.ExitCode;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every reporting command with {@code --json}, as a script runs it: stdout is one JSON object and
 * nothing else, its fields match the recovery points it names, times are ISO-8601 UTC to the second.
 * The real archive pass comes last: it expires a recovery point the others read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JsonOutputIT {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final List<String> PLAN = List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?",
            "-Dstrata.plan.nightly.retention=daily=3,monthly=12");

    private static String bucket;
    private static String table;
    private static AwsClients clients;
    private static Vault vault;
    private static final Map<String, RecoveryPoint> POINTS = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        bucket = TestAws.unique("json");
        table = TestAws.unique("orders");
        StrataSettings settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        SettableClock clock = new SettableClock(Instant.EPOCH);
        ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y"),
                Tables.simple("c", 3, "z")));
        for (String day : List.of("2026-01-10", "2026-01-31", "2026-02-08", "2026-02-09", "2026-02-10")) {
            // With nanoseconds, as a real clock has them: the output drops them.
            clock.set(Instant.parse(day + "T02:00:00.123456789Z"));
            POINTS.put(day, services.get("dynamodb").backup(table, "nightly"));
        }
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @Test
    @Order(1)
    void listNamesEachRecoveryPointWithItsItemsBytesTimesStorageAndGfsClass() throws IOException {
        StrataCli.Result result = strata(true, "list", "dynamodb:" + table, "--json");

        assertEquals(0, result.code(), result.err());
        JsonNode json = parse(result);
        assertEquals(bucket, json.get("vault").asText());
        assertTrue(json.get("ok").asBoolean());
        Map<String, JsonNode> listed = byKey(json.get("recoveryPoints"), "recoveryPoint");
        assertEquals(POINTS.size(), listed.size(), result.out());
        Map<String, String> gfs = Map.of("2026-01-10", "expired", "2026-01-31", "monthly", "2026-02-08", "daily",
                "2026-02-09", "daily", "2026-02-10", "monthly");
        POINTS.forEach((day, point) -> {
            JsonNode entry = listed.get(point.key());
            assertEquals("dynamodb:" + table, entry.get("resource").asText());
            assertEquals("dynamodb", entry.get("service").asText());
            assertEquals("us-east-1", entry.get("region").asText());
            assertEquals("nightly", entry.get("plan").asText());
            assertEquals(3, entry.get("items").asLong());
            assertEquals(point.bytes(), entry.get("bytes").asLong());
            assertTime(point.finishedAt(), entry.get("finishedAt"));
            assertTime(point.startedAt(), entry.get("startedAt"));
            assertEquals("STANDARD", entry.get("storage").asText());
            assertEquals(gfs.get(day), entry.get("gfs").asText(), day);
        });
        assertEquals(0, json.get("unreadable").size());
        assertEquals(0, json.get("interruptedRestores").size());
    }

    @Test
    @Order(1)
    void listHasAHeaderAlignedColumnsAndSaysWhenAPointsPlanIsNotConfiguredHere() {
        StrataCli.Result configured = strata(true, "list", "dynamodb:" + table);
        StrataCli.Result elsewhere = strata(false, "list", "dynamodb:" + table);
        StrataCli.Result json = strata(false, "list", "dynamodb:" + table, "--json");

        assertEquals(0, configured.code(), configured.err());
        // The table ends at the first blank line; below it, list SELECTOR shows the tables' point-in-time windows.
        List<String> lines = configured.out().lines().takeWhile(line -> !line.isBlank()).toList();
        assertTrue(configured.out().contains("Point-in-time recovery") && configured.out().contains("  dynamodb:" + table
                + "  "), configured.out());
        assertEquals(List.of("RECOVERY POINT", "RESOURCE", "PLAN", "MODE", "FINISHED", "ITEMS", "SIZE", "STORAGE", "GFS"),
                List.of(lines.get(0).split("\\s{2,}")), configured.out());
        assertEquals(POINTS.size() + 1, lines.size(), configured.out());
        RecoveryPoint newest = POINTS.get("2026-02-10");
        String row = lines.stream().filter(l -> l.startsWith(newest.key())).findFirst().orElseThrow();
        List<String> cells = List.of(row.split("\\s{2,}"));
        assertEquals(List.of(newest.key(), "dynamodb:" + table, "nightly", "scan", "2026-02-10T02:00:00Z", "3"),
                cells.subList(0, 6), row);
        assertTrue(cells.get(6).matches("\\d+(\\.\\d)? (B|KiB)"), "a human size: " + row);
        assertEquals(List.of("STANDARD", "monthly"), cells.subList(7, 9), row);
        for (String line : lines.subList(1, lines.size())) {
            // Aligned: every row's resource starts under RESOURCE, its GFS class under GFS.
            assertEquals(lines.get(0).indexOf("RESOURCE"), line.indexOf("dynamodb:"), line);
            List<String> columns = List.of(line.split("\\s{2,}"));
            assertEquals(columns.get(8), line.substring(lines.get(0).indexOf("GFS")), line);
        }

        assertEquals(0, elsewhere.code(), elsewhere.err());
        assertTrue(elsewhere.out().lines().takeWhile(l -> !l.isBlank()).skip(1)
                        .allMatch(l -> l.endsWith("  plan nightly: not configured here")),
                elsewhere.out());
        for (JsonNode entry : parse(json).get("recoveryPoints")) {
            assertEquals("not configured here", entry.get("gfs").asText());
            assertEquals("nightly", entry.get("plan").asText());
        }
    }

    @Test
    @Order(1)
    void backupAndRunOnceReportEachResourceWithTheRecoveryPointTheyCommitted() throws Exception {
        String other = TestAws.unique("backed-up");
        Tables.create(clients.dynamoDb(), other);
        Tables.put(clients.dynamoDb(), other, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));

        StrataCli.Result backup = strata(false, "backup", "dynamodb:" + other, "--json");
        StrataCli.Result once = strata(false, List.of("-Dstrata.plan.hourly.cron=0 0 * * * ?",
                "-Dstrata.plan.hourly.resources=dynamodb:" + other), "run", "--plan", "hourly", "--once", "--json");
        StrataCli.Result daemon = strata(false, "run", "--json");

        assertEquals(0, backup.code(), backup.err());
        JsonNode run = single(parse(backup).get("runs"));
        assertEquals("cli", run.get("trigger").asText());
        assertTrue(run.get("plan").isNull(), backup.out());
        assertTrue(run.get("ok").asBoolean());
        assertEquals(0, run.get("failed").asInt());
        assertTrue(TIME.matcher(run.get("startedAt").asText()).matches(), backup.out());
        assertTrue(TIME.matcher(run.get("finishedAt").asText()).matches(), backup.out());
        assertResource(run, other);

        assertEquals(0, once.code(), once.err());
        JsonNode planned = single(parse(once).get("runs"));
        assertEquals("hourly", planned.get("plan").asText());
        String key = assertResource(planned, other);
        JsonNode listed = parse(strata(false, "list", "dynamodb:" + other, "--json"));
        Map<String, JsonNode> points = byKey(listed.get("recoveryPoints"), "recoveryPoint");
        assertEquals(2, points.size(), listed.toString());
        assertEquals("hourly", points.get(key).get("plan").asText());
        JsonNode fromCli = points.values().stream().filter(p -> p.get("plan").isNull()).findFirst().orElseThrow();
        assertEquals("no plan", fromCli.get("gfs").asText(), "the command line's backup belongs to no plan");

        assertEquals(ExitCode.USAGE.code(), daemon.code(), daemon.out());
        assertTrue(daemon.err().contains("--json reports a run: it takes --once"), daemon.err());
    }

    @Test
    @Order(1)
    void verifyAndRestoreReportTheRecoveryPointTheyRead() throws Exception {
        RecoveryPoint point = POINTS.get("2026-02-10");
        String target = TestAws.unique("restored");

        StrataCli.Result verify = strata(true, "verify", point.key(), "--json");
        StrataCli.Result restore = strata(true, "restore", point.key(), "--to", target, "--json");

        assertEquals(0, verify.code(), verify.err());
        JsonNode verified = parse(verify);
        assertEquals("VERIFIED", verified.get("status").asText());
        assertTrue(verified.get("ok").asBoolean());
        assertEquals(point.key(), verified.get("recoveryPoint").asText());
        assertEquals(bucket, verified.get("bucket").asText());
        assertEquals(point.files().size(), verified.get("files").asInt());
        assertEquals(point.itemCount(), verified.get("items").asLong());
        assertEquals(point.bytes(), verified.get("bytes").asLong());
        assertEquals(0, verified.get("problems").size());
        assertEquals(0, verified.get("unreadable").size());

        assertEquals(0, restore.code(), restore.err());
        JsonNode restored = parse(restore);
        assertTrue(restored.get("ok").asBoolean());
        assertEquals(point.key(), restored.get("source").asText());
        assertEquals(target, restored.get("target").asText());
        assertEquals(0, restored.get("options").size());
        assertTrue(restored.get("restored").asText().contains("3 items into " + target), restore.out());
        assertEquals(3, Tables.scanAll(clients.dynamoDb(), target).size());
    }

    @Test
    @Order(1)
    void vaultCheckReportsEachProtectionAndWhichRequiredOnesAreMissing() throws IOException {
        StrataCli.Result check = strata(false, List.of("-Dstrata.vault.require=versioning"), "vault", "check", "--json");

        assertEquals(ExitCode.FAILED.code(), check.code(), check.err());
        JsonNode json = parse(check);
        assertEquals(bucket, json.get("vault").asText());
        assertFalse(json.get("ok").asBoolean());
        Map<String, JsonNode> protections = byKey(json.get("protections"), "protection");
        assertEquals("MISSING", protections.get("versioning").get("status").asText());
        assertTrue(protections.get("versioning").get("required").asBoolean());
        assertTrue(protections.get("versioning").get("fix").asText().startsWith("aws s3api put-bucket-versioning"));
        assertEquals(List.of("versioning"), texts(json.get("requiredMissing")));
        assertTrue(texts(json.get("missing")).contains("versioning"));
        protections.values().forEach(p -> assertTrue(List.of("OK", "MISSING", "UNKNOWN").contains(p.get("status").asText())));
    }

    @Test
    @Order(2)
    void archiveDryRunThenPassNameEachDecisionWithItsBytes() throws IOException {
        String asOf = "2026-02-10T12:00:00Z";
        StrataCli.Result dryRun = strata(true, "archive", "--plan", "nightly", "--dry-run", "--as-of", asOf, "--json");

        assertEquals(0, dryRun.code(), dryRun.err());
        JsonNode planned = single(parse(dryRun).get("plans"));
        assertEquals("nightly", planned.get("plan").asText());
        assertEquals(bucket, planned.get("vault").asText());
        assertEquals(asOf, planned.get("asOf").asText());
        assertTrue(planned.get("dryRun").asBoolean());
        Map<String, JsonNode> decisions = byKey(planned.get("recoveryPoints"), "recoveryPoint");
        assertEquals(keys(), decisions.keySet());
        JsonNode expiring = decisions.get(POINTS.get("2026-01-10").key());
        assertEquals("EXPIRE", expiring.get("action").asText());
        assertEquals("PLANNED", expiring.get("status").asText());
        assertEquals("expired", expiring.get("gfs").asText());
        assertEquals("KEEP", decisions.get(POINTS.get("2026-02-09").key()).get("action").asText());
        long stored = 0;
        for (JsonNode decision : decisions.values()) {
            stored += decision.get("bytes").asLong();
            assertTrue(decision.get("bytes").asLong() > POINTS.values().iterator().next().bytes(),
                    "the folder's bytes count its data, manifests and descriptor");
        }
        assertEquals(stored, planned.get("bytesBefore").get("STANDARD").asLong());
        assertEquals(stored - expiring.get("bytes").asLong(), planned.get("bytesAfter").get("STANDARD").asLong());
        JsonNode totals = planned.get("totals");
        assertEquals(List.of(5, 4, 0, 1, 0), List.of(totals.get("recoveryPoints").asInt(), totals.get("kept").asInt(),
                totals.get("tiered").asInt(), totals.get("expired").asInt(), totals.get("failed").asInt()));

        StrataCli.Result pass = strata(true, "archive", "--plan", "nightly", "--as-of", asOf, "--json");

        assertEquals(0, pass.code(), pass.err());
        JsonNode done = single(parse(pass).get("plans"));
        assertFalse(done.get("dryRun").asBoolean());
        assertEquals("DONE", byKey(done.get("recoveryPoints"), "recoveryPoint").get(POINTS.get("2026-01-10").key())
                .get("status").asText());
        assertEquals(POINTS.size() - 1, parse(strata(true, "list", "dynamodb:" + table, "--json"))
                .get("recoveryPoints").size());
    }

    // --- helpers

    private static StrataCli.Result strata(boolean withPlan, String... args) {
        return strata(withPlan, List.of(), args);
    }

    /** {@code strata -D… ARGS} against this test's vault; with the plan that made POINTS when {@code withPlan}. */
    private static synchronized StrataCli.Result strata(boolean withPlan, List<String> settings, String... args) {
        List<String> all = StrataCli.against(bucket);
        if (withPlan) {
            all.addAll(PLAN);
            all.add("-Dstrata.plan.nightly.resources=dynamodb:" + table);
        }
        all.addAll(settings);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    /** Stdout as one JSON object, and nothing after it. */
    private static JsonNode parse(StrataCli.Result result) {
        try {
            JsonNode json = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(result.out());
            assertTrue(json.isObject(), result.out());
            return json;
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON object: " + result.out() + "\nstderr: " + result.err(), e);
        }
    }

    /** The resource outcome of {@code table} in a run: committed, its numbers those of the recovery point. */
    private static String assertResource(JsonNode run, String backedUp) {
        JsonNode outcome = single(run.get("resources"));
        assertEquals("dynamodb:" + backedUp, outcome.get("resource").asText());
        assertTrue(outcome.get("ok").asBoolean());
        assertTrue(outcome.get("error").isNull());
        String key = outcome.get("recoveryPoint").asText();
        RecoveryPoint point = vault.read(RecoveryPointKey.parse(key));
        assertEquals(point.itemCount(), outcome.get("items").asLong());
        assertEquals(2, outcome.get("items").asLong());
        assertEquals(point.bytes(), outcome.get("bytes").asLong());
        return key;
    }

    private static void assertTime(Instant expected, JsonNode actual) {
        assertTrue(TIME.matcher(actual.asText()).matches(), "to the second, in UTC: " + actual);
        assertEquals(expected.truncatedTo(ChronoUnit.SECONDS), Instant.parse(actual.asText()));
    }

    private static JsonNode single(JsonNode array) {
        assertEquals(1, array.size(), array.toString());
        return array.get(0);
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String field) {
        Map<String, JsonNode> byKey = new HashMap<>();
        array.forEach(node -> byKey.put(node.get(field).asText(), node));
        return byKey;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Set<String> keys() {
        return new HashSet<>(POINTS.values().stream().map(RecoveryPoint::key).toList());
    }
}
