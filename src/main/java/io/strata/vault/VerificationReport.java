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
 * @param checked    what was checked outside the vault, each named with its region ({@code DB instance snapshot
 *                   strata-instance-prod-db-… in us-east-1}): a snapshot service's recovery point is its snapshots
 */
public record VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                                 String bucket, List<String> unreadable, List<String> checked) {

    public VerificationReport {
        problems = List.copyOf(problems);
        unreadable = List.copyOf(unreadable);
        checked = List.copyOf(checked);
    }

    public VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                              String bucket, List<String> unreadable) {
        this(recoveryPoint, files, items, bytes, problems, bucket, unreadable, List.of());
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
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket, unreadable, checked);
    }

    /** This report, naming what was checked outside the vault. */
    public VerificationReport checking(List<String> what) {
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket, unreadable, what);
    }

    /**
     * What was checked, for a person: {@code 4 files, 1,000 items, 52,310 bytes}, or for a snapshot
     * service the snapshots by name and region, which are the backup ({@code 1 file (812 bytes); DB instance
     * snapshot strata-instance-prod-db-… in us-east-1}), not "0 items".
     */
    public String extent() {
        if (checked.isEmpty()) {
            return String.format("%d files, %,d items, %,d bytes", files, items, bytes);
        }
        String inVault = files == 0 ? "" : String.format("%d file%s (%,d bytes); ", files, files == 1 ? "" : "s", bytes);
        return inVault + String.join(", ", checked);
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
