package io.strata.vault;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code strata verify}: what was checked, every mismatch found, every file that could
 * not be read, and every file not read because it is archived. The three are kept apart: a mismatch
 * says the stored data differs from its record (CORRUPT); a file the network or S3 would not hand over
 * says nothing about its bytes (UNREADABLE), and deleting a recovery point over it would delete a good
 * backup; an archived file (GLACIER, DEEP_ARCHIVE, not restored) is there as recorded, but its contents
 * cannot be read without a thaw (ARCHIVED): the verify pass checks what it can without one.
 *
 * @param bucket     the bucket whose copy of the recovery point was verified (a vault or a plan's second vault); null
 *                   when the service did not say, until {@link #in} names it
 * @param unreadable the files that could not be read, every retry spent, each with the faults met
 * @param checked    what was checked outside the vault, each named with its region ({@code DB instance snapshot
 *                   strata-instance-prod-db-… in us-east-1}): a snapshot service's recovery point is its snapshots
 * @param archived   the files not read because they are archived and not restored, each with its storage class: found
 *                   with their recorded size, their contents unproven
 */
public record VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                                 String bucket, List<String> unreadable, List<String> checked, List<String> archived) {

    public VerificationReport {
        problems = List.copyOf(problems);
        unreadable = List.copyOf(unreadable);
        checked = List.copyOf(checked);
        archived = List.copyOf(archived);
    }

    public VerificationReport(String recoveryPoint, int files, long items, long bytes, List<String> problems,
                              String bucket, List<String> unreadable, List<String> checked) {
        this(recoveryPoint, files, items, bytes, problems, bucket, unreadable, checked, List.of());
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
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket, unreadable, checked, archived);
    }

    /** This report, naming what was checked outside the vault. */
    public VerificationReport checking(List<String> what) {
        return new VerificationReport(recoveryPoint, files, items, bytes, problems, bucket, unreadable, what, archived);
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

    /** Everything recorded was read and matched: an archived file not read is not proven. */
    public boolean ok() {
        return problems.isEmpty() && unreadable.isEmpty() && archived.isEmpty();
    }

    /**
     * VERIFIED, CORRUPT (something read differs from its record), UNREADABLE (nothing differs, something could
     * not be read) or ARCHIVED (nothing differs, everything readable was read, the rest is archived).
     */
    public String status() {
        return !problems.isEmpty() ? "CORRUPT" : !unreadable.isEmpty() ? "UNREADABLE" : !archived.isEmpty() ? "ARCHIVED"
                : "VERIFIED";
    }

    /** Nothing differs and nothing failed to read; only archived files were left unread. */
    public boolean onlyArchived() {
        return problems.isEmpty() && unreadable.isEmpty() && !archived.isEmpty();
    }

    /** The mismatches, then the files not read, then the archived ones: everything a reader of the report needs to see. */
    public List<String> findings() {
        List<String> all = new ArrayList<>(problems);
        all.addAll(unreadable);
        all.addAll(archived);
        return all;
    }
}
