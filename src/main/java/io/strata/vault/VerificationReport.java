package io.strata.vault;

import java.util.List;

/** The result of {@code strata verify}: what was checked, and every mismatch found. */
public record VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
