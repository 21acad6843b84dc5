package io.strata.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchiveReport;
import io.strata.cluster.ClusterStatus;
import io.strata.dynamodb.cost.CostCase;
import io.strata.hold.HoldOutcome;
import io.strata.hold.LegalHold;
import io.strata.monitor.PlanOverview;
import io.strata.monitor.RunHistory;
import io.strata.retention.GfsRetention;
import io.strata.monitor.AuditControl;
import io.strata.monitor.ResourceState;
import io.strata.monitor.ResourceStatus;
import io.strata.monitor.Verification;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import io.strata.vault.VerificationReport;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README "Output" says what the renderers print: each command's JSON example has exactly the fields
 * {@link JsonOutput} writes, and the {@code list} example is what {@link HumanOutput} prints for
 * the same recovery points.
 */
class OutputDocsTest {

    private static final RecoveryPoint ORDERS = point("strata/dynamodb/us-east-1/orders/20261207T113214Z-3f91c061/",
            "dynamodb:orders", "nightly", "scan", "2026-12-07T11:32:52Z", 1200, 48113);
    private static final RecoveryPoint OLDER = point("strata/dynamodb/us-east-1/orders/20261206T020000Z-8dfef8ca/",
            "dynamodb:orders", "nightly", "native-export", "2026-12-06T02:00:41Z", 1187, 47702);
    private static final RecoveryPoint DATABASE = point("strata/rds/us-east-1/instance/prod-db/20261207T020000Z-1aea10a1/",
            "rds:instance/prod-db", "weekly", "snapshot", "2026-12-07T02:14:09Z", 0, 21474836480L);
    private static final RecoveryPoint CUSTOMERS = point("strata/dynamodb/us-east-1/customers/20261205T093000Z-282f1319/",
            "dynamodb:customers", null, "scan", "2026-12-05T09:30:12Z", 3456789, 1288490188L);

    @Test
    void theListExampleIsWhatListPrints() throws IOException {
        String example = section("### `list`").split("```")[1];
        List<String> shown = example.lines().filter(l -> !l.isBlank() && !l.startsWith("$")).toList();

        assertEquals(shown, render(out -> new HumanOutput(out).list(list())).lines().toList());
    }

    @Test
    void thePlansAndHistoryExamplesAreWhatTheyPrint() throws IOException {
        for (var command : Map.<String, Consumer<Output>>of("### `plans`", o -> o.plans(plans()),
                "### `history`", o -> o.history(history())).entrySet()) {
            String example = section(command.getKey()).split("```")[1];
            List<String> shown = example.lines().filter(l -> !l.isBlank() && !l.startsWith("$")).toList();
            assertEquals(shown, render(out -> command.getValue().accept(new HumanOutput(out))).lines().toList(),
                    command.getKey());
        }
    }

    @Test
    void eachJsonExampleHasTheFieldsTheCommandWrites() throws IOException {
        Map<String, Consumer<Output>> commands = Map.ofEntries(Map.entry("### `plans`", o -> o.plans(plans())),
                Map.entry("### `history`", o -> o.history(history())),
                Map.entry("### `cost`", o -> o.cost(CostResult.of(CostCase.example("", age -> StorageTier.STANDARD)))));
        commands = new HashMap<>(commands);
        commands.putAll(Map.of(
                "### `list`", o -> o.list(list()),
                "### `backup` and `run --once`", o -> o.runs(List.of(run())),
                "### `verify`", o -> o.verification(new VerificationReport(ORDERS.key(), 1, 1200, 48113, List.of(),
                        "my-backups", List.of())),
                "### `restore`", o -> o.restore(new RestoreResult(ORDERS.key(), "orders-restored", Map.of("overwrite",
                        "true"), "Restored 1,200 items into orders-restored")),
                "### `archive`", o -> o.archive(List.of(archive())),
                "### `vault check`", o -> o.vaultCheck(new VaultCheckResult("my-backups", "", List.of(new ProtectionCheck(
                        Protection.VERSIONING, ProtectionCheck.Status.MISSING, "never enabled", "aws s3api …")),
                        Set.of(Protection.VERSIONING))),
                "### `forget`", o -> o.forget(new ForgetResult(ORDERS.key(), "dynamodb", "dynamodb:orders", "nightly",
                        "my-backups", false, 5, 48975, "5 items, 20,554 bytes", "my-backups-dr", 5, 48975, null, true)),
                "### `hold` and `release`", o -> o.hold(new HoldOutcome("hold", ORDERS.key(), "my-backups", List.of(
                        new LegalHold("20261207T120000Z-5be1a9f0", ORDERS.key(), "alice", "cli",
                                Instant.parse("2026-12-07T12:00:00Z"), "case 42: litigation")), 4, 4, true)),
                "### `cluster status`", o -> o.clusterStatus(new ClusterStatusResult(Instant.parse("2026-12-07T12:00:05Z"),
                        List.of(new ClusterStatus.Node("backup-1.example.com1765108800000", Instant.parse(
                                "2026-12-07T12:00:01Z"), Duration.ofSeconds(15), List.of(new ClusterStatus.Running("nightly",
                                Instant.parse("2026-12-07T11:59:30Z"), false))))))));
        for (var command : commands.entrySet()) {
            String example = section(command.getKey()).split("```json")[1].split("```")[0];
            JsonNode written = Json.MAPPER.readTree(render(out -> command.getValue().accept(new JsonOutput(out))));
            assertEquals(fields(written, ""), fields(Json.MAPPER.readTree(example), ""), command.getKey());
        }
    }

    @Test
    void theMonitoringJsonExamplesHaveTheFieldsTheCommandsWrite() throws IOException {
        Instant asOf = Instant.parse("2026-12-07T12:00:00Z");
        Instant verified = Instant.parse("2026-12-07T05:00:00Z");
        ResourceState orders = ResourceState.judge("nightly", "dynamodb:orders", asOf, Duration.ofHours(26), ORDERS,
                "STANDARD", Verification.passed(Verification.VERIFY, ORDERS.key(), verified, verified.plusSeconds(4), Map.of()),
                Verification.failed(Verification.RESTORE_TEST, OLDER.key(), verified, verified.plusSeconds(95),
                        ResourceStatus.FAILED, "item count 1187, the export recorded 1188", Map.of()));
        ResourceState customers = ResourceState.judge("nightly", "dynamodb:customers", asOf, Duration.ofHours(26), null,
                null, null, null);
        Map<String, Consumer<Output>> commands = Map.of(
                "### `status`", o -> o.status(new StatusResult(asOf, List.of(orders, customers))),
                "### `audit`", o -> o.audit(new AuditResult(asOf, List.of(AuditControl.pass("nightly", "backup-frequency",
                        "cron '0 0 2 * * ?' leaves at most 24h between backups"), AuditControl.fail(null,
                        "vault-protection", "s3://my-backups: versioning MISSING (never enabled)")))));
        for (var command : commands.entrySet()) {
            String example = section(command.getKey()).split("```json")[1].split("```")[0];
            JsonNode written = Json.MAPPER.readTree(render(out -> command.getValue().accept(new JsonOutput(out))));
            assertEquals(fields(written, ""), fields(Json.MAPPER.readTree(example), ""), command.getKey());
        }
    }

    @Test
    void timesAreToTheSecondInUtc() {
        assertEquals("2026-12-07T11:32:52Z", Times.iso(Instant.parse("2026-12-07T11:32:52.999999999Z")));
        assertEquals(null, Times.iso(null));
    }

    /** Every field path, arrays of objects as {@code name[].field}. */
    private static Set<String> fields(JsonNode node, String path) {
        Set<String> fields = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                fields.add(path + name);
                fields.addAll(fields(node.get(name), path + name + "."));
            }
        } else if (node.isArray()) {
            node.forEach(element -> fields.addAll(fields(element, path.substring(0, path.length() - 1) + "[].")));
        }
        return fields;
    }

    private static String section(String heading) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n" + heading + "\n", readme.indexOf("\n## Output\n"));
        assertTrue(start >= 0, "README.md \"Output\" has " + heading);
        Matcher next = Pattern.compile("\n##").matcher(readme);
        return readme.substring(start, next.find(start + 1) ? next.start() : readme.length());
    }

    private static String render(Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        print.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ListResult list() {
        return new ListResult("my-backups", List.of(new ListResult.Entry(ORDERS, ORDERS.key(), "STANDARD", "newest"),
                new ListResult.Entry(OLDER, OLDER.key(), "GLACIER_IR", "daily"),
                new ListResult.Entry(DATABASE, DATABASE.key(), ListResult.SNAPSHOTS, "not configured here"),
                new ListResult.Entry(CUSTOMERS, CUSTOMERS.key(), "STANDARD", "no plan")), List.of(), List.of());
    }

    private static List<PlanOverview.Plan> plans() {
        return List.of(new PlanOverview.Plan("nightly", "0 0 2 * * ?", "every day at 02:00", "Europe/Berlin",
                List.of(Instant.parse("2026-12-08T01:00:00Z"), Instant.parse("2026-12-09T01:00:00Z"),
                        Instant.parse("2026-12-10T01:00:00Z")), List.of("dynamodb:orders"), "daily=7,monthly=12",
                "30d:GLACIER_IR", "copy", List.of("dynamodb:orders"), List.of()));
    }

    private static RunHistory.History history() {
        ResourceOutcome ok = new ResourceOutcome("dynamodb:orders", true, ORDERS.key(), 1200, 48113, 38.3, null, "");
        ResourceOutcome failed = new ResourceOutcome("dynamodb:customers", false, null, 0, 0, 1, "throttled", null);
        ResourceOutcome other = new ResourceOutcome("dynamodb:customers", true, CUSTOMERS.key(), 1, 1, 1, null, "");
        return new RunHistory.History(List.of(new RunReport("a1b2c3d4", "schedule", "nightly",
                Instant.parse("2026-12-07T02:00:00Z"), Instant.parse("2026-12-07T02:00:38.300Z"), List.of(ok, failed)),
                new RunReport("9f8e7d6c", "schedule", "nightly", Instant.parse("2026-12-06T02:00:00Z"),
                        Instant.parse("2026-12-06T02:00:41Z"), List.of(ok, other))), List.of(), false);
    }

    private static RunReport run() {
        return new RunReport("a1b2c3d4", "cli", "nightly", Instant.parse("2026-12-07T11:32:14.412Z"),
                Instant.parse("2026-12-07T11:32:53.020Z"), List.of(new ResourceOutcome("dynamodb:orders", true,
                ORDERS.key(), 1200, 48113, 38.3, null, "1,200 items, 48,113 bytes")));
    }

    private static ArchiveReport archive() {
        StoredObject data = new StoredObject(OLDER.key() + "data/part-0.json.gz", 48113, "STANDARD", null);
        ArchiveDecision tier = new ArchiveDecision(OLDER, new GfsRetention.Verdict(List.of(GfsRetention.GfsClass.MONTHLY)),
                ArchiveDecision.Action.TIER, 31, StorageTier.STANDARD, StorageTier.GLACIER_IR, List.of(data), List.of(data),
                false, 128 * 1024);
        return new ArchiveReport("nightly", "my-backups", Instant.parse("2026-12-07T12:00:00Z"), true,
                List.of(new ArchiveReport.Outcome(tier, ArchiveReport.Status.PLANNED, "")), List.of());
    }

    private static RecoveryPoint point(String key, String resource, String plan, String mode, String finished, long items,
                                       long bytes) {
        Instant at = Instant.parse(finished);
        return new RecoveryPoint("1.0", key, resource, resource.substring(0, resource.indexOf(':')), "us-east-1", plan, mode,
                at.minusSeconds(38).plusMillis(412), at.plusMillis(731), items, bytes, null, List.of(), null, null);
    }
}
