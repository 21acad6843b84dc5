package io.strata.run;

import io.strata.plan.ResourceSelector;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What every trigger turns its input into: a plan's selectors, or selectors named ad hoc. */
public record BackupRequest(String runId, String plan, List<ResourceSelector> selectors, Instant requestedAt) {

    public BackupRequest {
        selectors = List.copyOf(selectors);
    }

    public static BackupRequest of(String plan, List<ResourceSelector> selectors, Instant now) {
        return new BackupRequest(UUID.randomUUID().toString().substring(0, 8), plan, selectors, now);
    }
}
