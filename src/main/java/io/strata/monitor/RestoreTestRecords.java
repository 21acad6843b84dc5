package io.strata.monitor;

import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.util.Optional;

/** Where restore tests are recorded: beside the recovery point, as its own object (the descriptor is never rewritten). */
public interface RestoreTestRecords {

    void write(RecoveryPoint point, RestoreTestOutcome outcome);

    /** When a restore test of the point last passed; empty when none did. */
    Optional<Instant> lastPassed(RecoveryPoint point);
}
