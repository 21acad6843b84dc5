package io.strata.archive;

import io.strata.retention.GfsRetention;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import java.util.List;

/**
 * What the archive does with one recovery point, and why.
 *
 * @param verdict   the retention rules that keep it (none: it expires)
 * @param now       where its data files are (the coldest class among them)
 * @param target    where the tiering policy wants them at this age
 * @param objects   every object of its folder, as listed
 * @param toMove    the data files that change class (big enough, warmer than the target)
 * @param archiveSnapshots the EBS snapshot archive step is due (snapshot-based recovery points)
 */
public record ArchiveDecision(RecoveryPoint point, GfsRetention.Verdict verdict, Action action, long ageDays,
                              StorageTier now, StorageTier target, List<StoredObject> objects, List<StoredObject> toMove,
                              boolean archiveSnapshots) {

    public enum Action { KEEP, TIER, EXPIRE }

    public ArchiveDecision {
        objects = List.copyOf(objects);
        toMove = List.copyOf(toMove);
    }

    /** The folder's bytes in S3 (descriptor and manifests included). */
    public long storedBytes() {
        return objects.stream().mapToLong(StoredObject::size).sum();
    }

    /** The reason, as {@code strata archive} prints it. */
    public String why() {
        return switch (action) {
            case EXPIRE -> "no retention rule keeps it";
            case KEEP -> "kept by " + verdict.label() + (toMove.isEmpty() && target != StorageTier.STANDARD
                    ? ", already in " + target : "");
            case TIER -> "kept by " + verdict.label() + ", " + ageDays + " days old: "
                    + (toMove.isEmpty() ? "" : toMove.size() + " object(s) to " + target)
                    + (archiveSnapshots ? (toMove.isEmpty() ? "" : ", ") + "snapshots to ARCHIVE" : "");
        };
    }
}
