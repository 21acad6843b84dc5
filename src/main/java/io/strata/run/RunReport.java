package io.strata.run;

import java.time.Instant;
import java.util.List;

/** The report of one run: one outcome per resource; it succeeded only if all did. */
public record RunReport(String runId, String trigger, String plan, Instant startedAt, Instant finishedAt,
                        List<ResourceOutcome> outcomes) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
    }

    public boolean success() {
        return outcomes.stream().allMatch(ResourceOutcome::success);
    }

    public String summary() {
        StringBuilder text = new StringBuilder(String.format("Run %s (%s%s): %d resource(s), %d failed%n", runId,
                trigger, plan == null ? "" : ", plan " + plan, outcomes.size(), outcomes.stream().filter(o -> !o.success()).count()));
        for (ResourceOutcome outcome : outcomes) {
            if (outcome.success()) {
                text.append(String.format("  OK    %-40s %s, %.1fs -> %s%n", outcome.resource(), outcome.described(),
                        outcome.seconds(), outcome.recoveryPoint()));
            } else {
                text.append(String.format("  FAIL  %-40s %s%n", outcome.resource(), outcome.error()));
            }
        }
        return text.toString();
    }
}
