package io.strata.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.archive.ArchiveReport;
import io.strata.cluster.ClusterStatus;
import io.strata.dynamodb.cost.BackupCosts;
import io.strata.dynamodb.cost.Prices;
import io.strata.hold.HoldOutcome;
import io.strata.hold.LegalHold;
import io.strata.monitor.PlanOverview;
import io.strata.monitor.RunHistory;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.InterruptedRestore;
import io.strata.service.RestoreWindow;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import io.strata.vault.lock.ProtectionCheck;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Results as a script reads them: one JSON object per command on stdout, the shapes of README
 * "Output". Field names are written out here, one by one, so that renaming a Java record never
 * renames a field a script reads; times are {@link Times#iso}, sizes in bytes.
 */
public final class JsonOutput implements Output {

    private final PrintStream out;

    public JsonOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void list(ListResult result) {
        ObjectNode root = object().put("ok", result.ok()).put("vault", result.vault());
        ArrayNode points = root.putArray("recoveryPoints");
        for (ListResult.Entry entry : result.points()) {
            RecoveryPoint point = entry.point();
            points.addObject().put("recoveryPoint", entry.address()).put("resource", point.resource())
                    .put("service", point.service()).put("region", point.region()).put("plan", point.plan())
                    .put("mode", point.mode()).put("afterGap", point.afterGap().orElse(null))
                    .put("startedAt", Times.iso(point.startedAt()))
                    .put("finishedAt", Times.iso(point.finishedAt())).put("items", point.itemCount())
                    .put("bytes", point.bytes()).put("storage", entry.storage()).put("gfs", entry.gfs())
                    .put("held", entry.held());
        }
        strings(root, "unreadable", result.unreadable());
        ArrayNode interrupted = root.putArray("interruptedRestores");
        for (InterruptedRestore restore : result.interrupted()) {
            interrupted.addObject().put("target", restore.target()).put("source", restore.source())
                    .put("finish", restore.finish());
        }
        ArrayNode windows = root.putArray("restoreWindows");
        for (RestoreWindow window : result.windows()) {
            windows.addObject().put("resource", window.resource()).put("earliest", Times.iso(window.earliest()))
                    .put("latest", Times.iso(window.latest())).put("note", window.note());
        }
        print(root);
    }

    @Override
    public void runs(List<RunReport> reports) {
        ObjectNode root = object().put("ok", reports.stream().allMatch(RunReport::success));
        ArrayNode runs = root.putArray("runs");
        for (RunReport report : reports) {
            ObjectNode run = runs.addObject().put("runId", report.runId()).put("trigger", report.trigger())
                    .put("plan", report.plan()).put("startedAt", Times.iso(report.startedAt()))
                    .put("finishedAt", Times.iso(report.finishedAt())).put("ok", report.success())
                    .put("failed", report.outcomes().stream().filter(o -> !o.success()).count());
            ArrayNode resources = run.putArray("resources");
            for (ResourceOutcome outcome : report.outcomes()) {
                resources.addObject().put("resource", outcome.resource()).put("ok", outcome.success())
                        .put("recoveryPoint", outcome.recoveryPoint()).put("items", outcome.items())
                        .put("bytes", outcome.bytes()).put("seconds", Math.round(outcome.seconds() * 1000) / 1000.0)
                        .put("made", outcome.made()).put("error", outcome.error());
            }
        }
        print(root);
    }

    @Override
    public void verification(VerificationReport report) {
        ObjectNode root = object().put("ok", report.ok()).put("status", report.status())
                .put("recoveryPoint", report.recoveryPoint()).put("bucket", report.bucket()).put("files", report.files())
                .put("items", report.items()).put("bytes", report.bytes());
        strings(root, "problems", report.problems());
        strings(root, "unreadable", report.unreadable());
        strings(root, "checked", report.checked());
        strings(root, "archived", report.archived());
        print(root);
    }

    @Override
    public void restore(RestoreResult result) {
        ObjectNode root = object().put("ok", true).put("source", result.source()).put("target", result.target());
        ObjectNode options = root.putObject("options");
        new TreeMap<>(result.options()).forEach(options::put);
        root.put("restored", result.restored());
        print(root);
    }

    @Override
    public void archive(List<ArchiveReport> reports) {
        ObjectNode root = object().put("ok", reports.stream().allMatch(ArchiveReport::ok));
        ArrayNode plans = root.putArray("plans");
        reports.forEach(report -> plans.add(ArchiveJson.of(report)));
        print(root);
    }

    @Override
    public void vaultCheck(VaultCheckResult result) {
        ObjectNode root = object().put("ok", result.ok()).put("vault", result.vault()).put("prefix", result.prefix());
        ArrayNode protections = root.putArray("protections");
        for (ProtectionCheck check : result.checks()) {
            protections.addObject().put("protection", check.protection().setting()).put("status", check.status().name())
                    .put("required", result.required().contains(check.protection())).put("detail", check.detail())
                    .put("fix", check.fix().isBlank() ? null : check.fix());
        }
        strings(root, "missing", result.missing());
        strings(root, "requiredMissing", result.requiredMissing());
        print(root);
    }

    @Override
    public void forget(ForgetResult result) {
        ObjectNode root = object().put("ok", result.forgotten()).put("recoveryPoint", result.recoveryPoint())
                .put("service", result.service()).put("resource", result.resource()).put("plan", result.plan())
                .put("vault", result.vault()).put("unfinished", result.unfinished()).put("objects", result.objects())
                .put("bytes", result.bytes()).put("made", result.made());
        if (result.copyVault() == null) {
            root.putNull("copy");
        } else {
            root.putObject("copy").put("vault", result.copyVault()).put("objects", result.copyObjects())
                    .put("bytes", result.copyBytes());
        }
        root.put("refused", result.refused()).put("forgotten", result.forgotten());
        print(root);
    }

    @Override
    public void clusterStatus(ClusterStatusResult result) {
        ObjectNode root = object().put("ok", result.ok()).put("asOf", Times.iso(result.now()));
        ArrayNode nodes = root.putArray("nodes");
        ArrayNode running = root.putArray("running");
        for (ClusterStatus.Node node : result.nodes()) {
            nodes.addObject().put("instance", node.instance()).put("lastCheckin", Times.iso(node.lastCheckin()))
                    .put("checkinIntervalMs", node.checkinInterval().toMillis()).put("late", node.late(result.now()));
            for (ClusterStatus.Running run : node.running()) {
                running.addObject().put("plan", run.name()).put("instance", node.instance())
                        .put("firedAt", Times.iso(run.since())).put("recovered", run.recovering());
            }
        }
        print(root);
    }

    @Override
    public void hold(HoldOutcome outcome) {
        ObjectNode root = object().put("ok", true).put("action", outcome.action())
                .put("recoveryPoint", outcome.recoveryPoint()).put("vault", outcome.vault());
        ArrayNode holds = root.putArray("holds");
        for (LegalHold hold : outcome.holds()) {
            holds.addObject().put("id", hold.id()).put("heldBy", hold.heldBy()).put("origin", hold.origin())
                    .put("heldAt", Times.iso(hold.heldAt())).put("reason", hold.reason());
        }
        root.put("objects", outcome.objects()).put("tagged", outcome.tagged()).put("objectLock", outcome.objectLock());
        print(root);
    }

    @Override
    public void plans(List<PlanOverview.Plan> plans) {
        ObjectNode root = object().put("ok", plans.stream().allMatch(p -> p.problems().isEmpty()));
        ArrayNode all = root.putArray("plans");
        for (PlanOverview.Plan plan : plans) {
            ObjectNode node = all.addObject().put("plan", plan.name()).put("cron", plan.cron())
                    .put("schedule", plan.words()).put("timeZone", plan.zone());
            strings(node, "next", plan.next().stream().map(Times::iso).toList());
            strings(node, "selectors", plan.selectors());
            node.put("retention", plan.retention()).put("tiering", plan.tiering()).put("tieringMode", plan.tieringMode());
            strings(node, "resources", plan.resources());
            strings(node, "problems", plan.problems());
        }
        print(root);
    }

    @Override
    public void history(RunHistory.History history) {
        ObjectNode root = object().put("ok", history.unreadable().isEmpty());
        ArrayNode runs = root.putArray("runs");
        for (RunReport report : history.runs()) {
            runs.addObject().put("runId", report.runId()).put("trigger", report.trigger()).put("plan", report.plan())
                    .put("startedAt", Times.iso(report.startedAt())).put("finishedAt", Times.iso(report.finishedAt()))
                    .put("seconds", HumanOutput.seconds(report)).put("ok", RunHistory.History.ok(report))
                    .put("failed", RunHistory.History.failed(report));
        }
        strings(root, "unreadable", history.unreadable());
        root.put("truncated", history.truncated());
        print(root);
    }

    @Override
    public void status(StatusResult result) {
        print(MonitorJson.status(result));
    }

    @Override
    public void audit(AuditResult result) {
        print(MonitorJson.audit(result));
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static void strings(ObjectNode node, String field, Collection<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    @Override
    public void cost(CostResult result) {
        var c = result.input();
        ObjectNode root = object().put("ok", true).put("pricesRecorded", Prices.RECORDED).put("pricesSource", Prices.SOURCE)
                .put("tableGib", c.tableGib()).put("dailyChange", c.dailyChange()).put("keepDays", c.keepDays())
                .put("fullEveryDays", c.fullEveryDays()).put("incrementalHours", c.incrementalHours())
                .put("itemKib", c.itemKib()).put("tiering", c.tiering());
        ArrayNode modes = root.putArray("modes");
        for (BackupCosts.Mode mode : result.modes()) {
            modes.addObject().put("mode", mode.name()).put("runsPerMonth", cents(mode.runs()))
                    .put("backups", cents(mode.backups())).put("pitr", cents(mode.pitr()))
                    .put("heldGib", cents(mode.heldGib())).put("storage", cents(mode.storage()))
                    .put("total", cents(mode.total()));
        }
        ArrayNode restores = root.putArray("restores");
        for (BackupCosts.Restore restore : result.restores()) {
            restores.addObject().put("restore", restore.name()).put("dollars", cents(restore.dollars()));
        }
        print(root);
    }

    private static double cents(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void print(ObjectNode root) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write the result as JSON", e);
        }
        out.flush();
    }
}
