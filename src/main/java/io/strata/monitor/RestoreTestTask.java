package io.strata.monitor;

import io.strata.vault.RecoveryPoint;
import java.time.Instant;

/** One restore test that is due: the newest recovery point of a resource of {@code plan}, tested from {@code startedAt}. */
public record RestoreTestTask(String plan, RecoveryPoint point, Instant startedAt) {

    /** The service whose test runs, for the route's choice. */
    public String service() {
        return point.service();
    }
}
