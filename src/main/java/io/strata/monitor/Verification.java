package io.strata.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import io.strata.vault.VerificationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One check of a committed recovery point, kept beside it as its own object
 * ({@link Verifications}): the descriptor is never rewritten to say it was checked.
 *
 * @param kind          {@link #VERIFY} (the verify route's digests and snapshots), {@link #MANUAL} (the same checks,
 *                      asked for by hand: {@code strata verify RP}) or {@link #RESTORE_TEST}
 * @param recoveryPoint the key of the recovery point checked, as {@code strata list} prints it
 * @param reason        why it is not OK; null when it is
 * @param details       what the check looked at (files, items, scratch table, …), as the checker chose
 * @param notRead       what the check could not read without a thaw (archived data files, found with their recorded
 *                      sizes), so that an OK says what it proves; null when it read everything the point records
 *                      (and in records written before this field)
 */
public record Verification(String kind, String recoveryPoint, Instant startedAt, Instant finishedAt, boolean ok,
                           ResourceStatus status, String reason, JsonNode details, String notRead) {

    public static final String VERIFY = "verify";
    public static final String MANUAL = "manual";
    public static final String RESTORE_TEST = "restore-test";
    /** The kinds that verify a point's stored data: {@code strata status} shows the newest of either. */
    public static final Set<String> VERIFICATIONS = Set.of(VERIFY, MANUAL);
    private static final Set<String> KINDS = Set.of(VERIFY, MANUAL, RESTORE_TEST);
    private static final int REASON_FINDINGS = 3;

    public Verification {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("Unknown verification kind '" + kind + "': expected one of " + KINDS);
        }
        if (ok != (status == ResourceStatus.OK)) {
            throw new IllegalArgumentException("A verification is ok exactly when its status is OK, not " + status);
        }
        details = details == null ? Json.MAPPER.createObjectNode() : details;
    }

    public Verification(String kind, String recoveryPoint, Instant startedAt, Instant finishedAt, boolean ok,
                        ResourceStatus status, String reason, JsonNode details) {
        this(kind, recoveryPoint, startedAt, finishedAt, ok, status, reason, details, null);
    }

    /** This record, saying what it could not read without a thaw. */
    public Verification notReading(String what) {
        return new Verification(kind, recoveryPoint, startedAt, finishedAt, ok, status, reason, details, what);
    }

    /** A check that passed. */
    public static Verification passed(String kind, String recoveryPoint, Instant startedAt, Instant finishedAt,
                                      Map<String, ?> details) {
        return new Verification(kind, recoveryPoint, startedAt, finishedAt, true, ResourceStatus.OK, null,
                tree(details));
    }

    /** A check that did not pass, with its status (STALE, CORRUPT, FAILED, …) and why. */
    public static Verification failed(String kind, String recoveryPoint, Instant startedAt, Instant finishedAt,
                                      ResourceStatus status, String reason, Map<String, ?> details) {
        return new Verification(kind, recoveryPoint, startedAt, finishedAt, false, status, reason, tree(details));
    }

    /**
     * What a service's verification report says: OK; OK with {@code notRead} when only archived files were left
     * unread; else CORRUPT (something read differs) or FAILED (something could not be read), the first findings
     * as the reason.
     */
    public static Verification of(String kind, String recoveryPoint, Instant startedAt, Instant finishedAt,
                                  VerificationReport report, String notRead, Map<String, ?> details) {
        if (report.ok()) {
            return passed(kind, recoveryPoint, startedAt, finishedAt, details);
        }
        if (report.onlyArchived()) {
            return passed(kind, recoveryPoint, startedAt, finishedAt, details).notReading(notRead);
        }
        ResourceStatus status = "CORRUPT".equals(report.status()) ? ResourceStatus.CORRUPT : ResourceStatus.FAILED;
        List<String> findings = report.findings();
        String reason = String.join("; ", findings.subList(0, Math.min(REASON_FINDINGS, findings.size())))
                + (findings.size() > REASON_FINDINGS ? "; and " + (findings.size() - REASON_FINDINGS) + " more" : "");
        return failed(kind, recoveryPoint, startedAt, finishedAt, status, reason, details);
    }

    /** {@code contents of 4 of 4 data files not read: archived in GLACIER and not restored (…)}. */
    public static String notRead(VerificationReport report, List<String> storageClasses) {
        return "contents of " + report.archived().size() + " of " + report.files() + " data files not read: archived"
                + (storageClasses.isEmpty() ? "" : " in " + String.join(", ", storageClasses)) + " and not restored "
                + "(each found with its recorded size; everything else checked)";
    }

    private static ObjectNode tree(Map<String, ?> details) {
        return details == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(details);
    }
}
