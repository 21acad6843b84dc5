package io.strata.management;

import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The last report of each plan, kept as runs finish (a {@code RunService} report listener). */
public final class LastRuns implements Consumer<RunReport> {

    private final Map<String, RunReport> byPlan = new ConcurrentHashMap<>();

    /** Ad hoc runs (no plan) are not a plan's last run. */
    @Override
    public void accept(RunReport report) {
        if (report.plan() != null) {
            byPlan.merge(report.plan(), report, (old, now) -> now.finishedAt().isBefore(old.finishedAt()) ? old : now);
        }
    }

    public Optional<RunReport> of(String plan) {
        return Optional.ofNullable(byPlan.get(plan));
    }

    /** One line per plan, in name order. */
    public String describeAll() {
        if (byPlan.isEmpty()) {
            return "No plan has run since start-up.";
        }
        StringBuilder text = new StringBuilder();
        byPlan.keySet().stream().sorted().forEach(plan -> text.append(describe(byPlan.get(plan))).append('\n'));
        return text.toString();
    }

    /** {@code nightly  2025-01-01T02:00:03Z  OK  resources=2 failed=0 items=1,000 bytes=52,311 run=ab12cd34}. */
    public static String describe(RunReport report) {
        long failed = report.outcomes().stream().filter(o -> !o.success()).count();
        return String.format("%s  %s  %s  resources=%d failed=%d items=%d bytes=%d run=%s", report.plan(),
                report.finishedAt(), report.success() ? "OK" : "FAILED", report.outcomes().size(), failed,
                report.outcomes().stream().mapToLong(ResourceOutcome::items).sum(),
                report.outcomes().stream().mapToLong(ResourceOutcome::bytes).sum(), report.runId());
    }
}
