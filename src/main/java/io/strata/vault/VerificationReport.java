package io.strata.vault;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code strata verify}: what was checked, every mismatch found, and every file that
 * could not be read. The two are kept apart: a mismatch says the stored data differs from its record
 * (CORRUPT); a file the network or S3 would not hand over says nothing about its bytes (UNREADABLE),
 * and deleting a recovery point over it would delete a good backup.
 *
 * @param bucket     the bucket whose copy of the recovery point was verified (a vault or a plan's second vault); null
 *                   when the service did not say, until {@link #in} names it
 * @param unreadable the files that could not be read, every retry spent, each with the faults met
 */
public record VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                                 String bucket, List<String> unreadable) {

    public VerificationReport {
        problems = List.copyOf(problems);
        unreadable = List.copyOf(unreadable);
    }

    public VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems) {
        this(recoveryPoint, files, items, bytes, problems, null, List.of());
    }

    public VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                              String bucket) {
        this(recoveryPoint, files, items, bytes, problems, bucket, List.of());
    }

    /** This report of the copy in {@code bucket}. */
    public VerificationReport in(String bucket) {
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket, unreadable);
    }

    public boolean ok() {
        return problems.isEmpty() && unreadable.isEmpty();
    }

    /** VERIFIED, CORRUPT (something read differs from its record) or UNREADABLE (nothing differs, something was not read). */
    public String status() {
        return !problems.isEmpty() ? "CORRUPT" : !unreadable.isEmpty() ? "UNREADABLE" : "VERIFIED";
    }

    /** The mismatches, then the files not read: everything a reader of the report needs to see. */
    public List<String> findings() {
        List<String> all = new ArrayList<>(problems);
        all.addAll(unreadable);
        return all;
    }
}
