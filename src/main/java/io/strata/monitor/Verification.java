package io.strata.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One check of a committed recovery point, kept beside it as its own object
 * ({@link Verifications}): the descriptor is never rewritten to say it was checked.
 *
 * @param kind          {@link #VERIFY} (the verify route's digests and snapshots) or {@link #RESTORE_TEST}
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
    public static final String RESTORE_TEST = "restore-test";
    private static final Set<String> KINDS = Set.of(VERIFY, RESTORE_TEST);

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

    private static ObjectNode tree(Map<String, ?> details) {
        return details == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(details);
    }
}
