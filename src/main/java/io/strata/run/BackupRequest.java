package io.strata.run;

import io.strata.plan.ResourceSelector;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What every trigger turns its input into: a plan's selectors, or selectors named ad hoc.
 *
 * @param trigger what started the run: {@code schedule}, {@code cli}, ...
 * @param plan    null for selectors named ad hoc
 */
public record BackupRequest(String runId, String trigger, String plan, List<ResourceSelector> selectors,
                            Instant requestedAt) {

    public static final String SCHEDULE = "schedule";
    public static final String CLI = "cli";
    public static final String JMX = "jmx";

    public BackupRequest {
        selectors = List.copyOf(selectors);
    }

    public static BackupRequest of(String trigger, String plan, List<ResourceSelector> selectors, Instant now) {
        return new BackupRequest(UUID.randomUUID().toString().substring(0, 8), trigger, plan, selectors, now);
    }

    /** For logs: {@code plan nightly (schedule)} or {@code selectors [dynamodb:orders] (cli)}. */
    public String describe() {
        return (plan != null ? "plan " + plan : "selectors " + selectors) + " (" + trigger + ")";
    }
}
