package io.strata.rds;

import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.attempt.AttemptLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One recovery point of one DB instance or cluster between the steps of {@code backup-rds}: what
 * {@link RdsBackup#begin} settled before anything was made (key, snapshot id, tags, regions, the
 * lease), then what each step made. Run again on the same key, the steps find the snapshots made.
 */
public final class RdsAttempt {

    private final RecoveryPointKey key;
    private final String resourceId;
    private final RdsSource source;
    private final String plan;
    private final Instant started;
    private final Map<String, String> tags;
    private final Map<String, String> copyKeys;
    private final boolean export;
    private final AttemptLease lease;
    private final List<SnapshotRef> made = new ArrayList<>();
    private SnapshotState snapshot;
    private RdsExports.Exported exported;

    RdsAttempt(RecoveryPointKey key, String resourceId, RdsSource source, String plan, Instant started,
               Map<String, String> tags, Map<String, String> copyKeys, boolean export, AttemptLease lease) {
        this.key = key;
        this.resourceId = resourceId;
        this.source = source;
        this.plan = plan;
        this.started = started;
        this.tags = tags;
        this.copyKeys = copyKeys;
        this.export = export;
        this.lease = lease;
    }

    RecoveryPointKey key() {
        return key;
    }

    String resourceId() {
        return resourceId;
    }

    RdsSource source() {
        return source;
    }

    String plan() {
        return plan;
    }

    Instant started() {
        return started;
    }

    String snapshotId() {
        return SnapshotIds.snapshot(key);
    }

    Map<String, String> tags() {
        return tags;
    }

    /** The copy regions, each with the KMS key its copy is encrypted with (null: unencrypted source). */
    Map<String, String> copyKeys() {
        return copyKeys;
    }

    List<String> regions() {
        return List.copyOf(copyKeys.keySet());
    }

    boolean export() {
        return export;
    }

    AttemptLease lease() {
        return lease;
    }

    /** The home snapshot and its copies, as the descriptor lists them. */
    List<SnapshotRef> made() {
        return made;
    }

    SnapshotState snapshot() {
        return snapshot;
    }

    void snapshot(SnapshotState snapshot) {
        this.snapshot = snapshot;
    }

    RdsExports.Exported exported() {
        return exported;
    }

    void exported(RdsExports.Exported exported) {
        this.exported = exported;
    }
}
