package io.strata.monitor;

import io.strata.service.RestoreTestResult;
import java.time.Instant;

/** A restore test as it ended, and as its record beside the recovery point says. */
public record RestoreTestOutcome(String plan, String resource, String recoveryPoint, Instant startedAt,
                                 Instant finishedAt, RestoreTestResult result) {

    /** PASSED or FAILED. */
    public String status() {
        return result.passed() ? "PASSED" : "FAILED";
    }

    /** One line for the log: {@code PASSED dynamodb:orders (…/recovery-point.json): 1,000 items, …}. */
    public String line() {
        return status() + " " + resource + " (" + recoveryPoint + "): "
                + (result.passed() ? result.checked() : result.reason());
    }
}
