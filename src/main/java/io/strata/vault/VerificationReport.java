package io.strata.vault;

import java.util.List;

/**
 * The result of {@code strata verify}: what was checked, and every mismatch found.
 *
 * @param bucket the bucket whose copy of the recovery point was verified (a vault or a plan's second vault); null
 *               when the service did not say, until {@link #in} names it
 */
public record VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                                 String bucket) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems) {
        this(recoveryPoint, files, items, bytes, problems, null);
    }

    /** This report of the copy in {@code bucket}. */
    public VerificationReport in(String bucket) {
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
