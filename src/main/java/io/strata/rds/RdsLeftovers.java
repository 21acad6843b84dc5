package io.strata.rds;

import io.strata.service.Cleanup;
import io.strata.service.Failures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the snapshots (home and copies) of one uncommitted attempt: only a snapshot with the
 * attempt's id that is tagged with its exact folder and this vault. A snapshot RDS will not delete
 * yet (still {@code creating}: RDS deletes only available or failed snapshots) is reported as left,
 * not thrown: the next backup of the resource, or the archive pass, deletes it.
 */
final class RdsLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(RdsLeftovers.class);

    private final RdsSnapshots snapshots;
    private final String vault;

    RdsLeftovers(RdsSnapshots snapshots, String vault) {
        this.snapshots = snapshots;
        this.vault = vault;
    }

    /** Whether {@code snapshot} is the attempt {@code key}'s own: its tags name exactly that folder and this vault. */
    boolean ours(SnapshotState snapshot, String key) {
        return key.equals(snapshot.tags().get(RdsBackup.TAG_RECOVERY_POINT))
                && vault.equals(snapshot.tags().get(RdsBackup.TAG_VAULT));
    }

    Cleanup delete(SourceKind kind, String key, String snapshotId, Collection<String> regions) {
        List<String> deleted = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String region : regions) {
            Optional<SnapshotState> made;
            try {
                made = snapshots.find(kind, region, snapshotId);
            } catch (RuntimeException e) {
                left.add("snapshot " + snapshotId + " in " + region + " if it was made (cannot look: "
                        + Failures.reason(e) + ")");
                continue;
            }
            if (made.isEmpty() || !ours(made.get(), key)) {
                continue;
            }
            try {
                snapshots.delete(kind, region, snapshotId);
                deleted.add("snapshot " + snapshotId + " in " + region);
                LOG.info("Deleted snapshot {} ({}) in {} of uncommitted {}", snapshotId, made.get().status(), region, key);
            } catch (RuntimeException e) {
                left.add("snapshot " + snapshotId + " (" + made.get().status() + ") in " + region + ": "
                        + Failures.reason(e));
            }
        }
        return new Cleanup(deleted, left);
    }
}
