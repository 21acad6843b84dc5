package io.strata.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchiveReport;
import io.strata.tiering.LifecycleSummary;
import io.strata.vault.StorageTier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One archive pass (one plan in one vault) as README "Output" shows it under {@code plans}. */
final class ArchiveJson {

    private ArchiveJson() {
    }

    static ObjectNode of(ArchiveReport report) {
        ObjectNode plan = JsonOutput.object().put("plan", report.plan()).put("vault", report.bucket())
                .put("asOf", Times.iso(report.asOf())).put("dryRun", report.dryRun()).put("ok", report.ok());
        var points = plan.putArray("recoveryPoints");
        for (ArchiveReport.Outcome outcome : report.outcomes()) {
            points.add(outcome(outcome));
        }
        JsonOutput.strings(plan, "copied", report.copied());
        JsonOutput.strings(plan, "problems", report.problems());
        plan.set("lifecycle", lifecycle(report.lifecycle()));
        long failed = report.outcomes().stream().filter(o -> o.status() == ArchiveReport.Status.FAILED).count();
        plan.putObject("totals").put("recoveryPoints", report.outcomes().size())
                .put("kept", report.count(ArchiveDecision.Action.KEEP) + report.count(ArchiveDecision.Action.TIER)
                        + report.count(ArchiveDecision.Action.HOLD))
                .put("tiered", report.count(ArchiveDecision.Action.TIER)).put("expired", report.expired())
                .put("keptLocked", report.keptLocked().size()).put("failed", failed);
        plan.set("bytesBefore", bytes(report.bytesBefore()));
        plan.set("bytesAfter", bytes(report.bytesAfter()));
        plan.put("monthlyCostBefore", cents(report.monthlyCostBefore())).put("monthlyCostAfter",
                cents(report.monthlyCostAfter()));
        return plan;
    }

    private static ObjectNode outcome(ArchiveReport.Outcome outcome) {
        ArchiveDecision decision = outcome.decision();
        Instant until = outcome.lockedUntil();
        ObjectNode point = JsonOutput.object().put("recoveryPoint", decision.point().key())
                .put("resource", decision.point().resource()).put("action", decision.action().name())
                .put("status", outcome.status().name()).put("why", decision.why())
                .put("gfs", decision.verdict().label()).put("ageDays", decision.ageDays())
                .put("storage", decision.now().name()).put("target", decision.target().name())
                .put("bytes", decision.storedBytes()).put("objectsToMove", decision.toMove().size())
                .put("snapshotsToArchive", decision.archiveSnapshots())
                .put("monthlySaving", cents(outcome.monthlySaving())).put("detail", outcome.detail());
        // A legal hold has no end date: said as such, not as the year 1000000000.
        point.put("lockedUntil", until == null || Instant.MAX.equals(until) ? null : Times.iso(until))
                .put("legalHold", Instant.MAX.equals(until));
        return point;
    }

    private static ObjectNode lifecycle(LifecycleSummary lifecycle) {
        ObjectNode node = JsonOutput.object().put("active", lifecycle.active()).put("changed", lifecycle.changed())
                .put("writes", lifecycle.writes()).put("objectsTagged", lifecycle.objectsTagged())
                .put("note", lifecycle.note());
        JsonOutput.strings(node, "rules", lifecycle.describedRules());
        JsonOutput.strings(node, "removed", List.copyOf(lifecycle.removed()));
        return node;
    }

    private static ObjectNode bytes(Map<StorageTier, Long> perTier) {
        ObjectNode node = JsonOutput.object();
        perTier.forEach((tier, bytes) -> node.put(tier.name(), bytes));
        return node;
    }

    /** Dollars to a hundredth of a cent, as the human report shows them. */
    private static double cents(double dollars) {
        return Math.round(dollars * 10_000) / 10_000.0;
    }
}
