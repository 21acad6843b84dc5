package io.strata.archive;

import io.strata.retention.GfsRetention;
import io.strata.tiering.StoredTiers;
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
 * @param minObjectBytes the plan's {@code tiering-min-size}: smaller data files stay where they are
 */
public record ArchiveDecision(RecoveryPoint point, GfsRetention.Verdict verdict, Action action, long ageDays,
                              StorageTier now, StorageTier target, List<StoredObject> objects, List<StoredObject> toMove,
                              boolean archiveSnapshots, long minObjectBytes) {

    /** HOLD: under a legal hold ({@code strata hold}), neither tiered nor expired, whatever the rules say. */
    public enum Action { KEEP, TIER, EXPIRE, HOLD }

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
            case HOLD -> "under a legal hold: neither tiered nor expired ('strata release' ends it)";
            case KEEP -> "kept by " + verdict.label() + placement();
            case TIER -> "kept by " + verdict.label() + ", " + ageDays + " days old: "
                    + (toMove.isEmpty() ? "" : toMove.size() + " object(s) to " + target)
                    + (archiveSnapshots ? (toMove.isEmpty() ? "" : ", ") + "snapshots to ARCHIVE" : "");
        };
    }

    /**
     * Why nothing moves although the policy wants a colder class: the files are there already, or they
     * are too small to be worth a transition ({@code below tiering-min-size 128 KiB: stays STANDARD}).
     */
    private String placement() {
        if (!toMove.isEmpty() || target == StorageTier.STANDARD) {
            return "";
        }
        List<StoredObject> small = objects.stream().filter(o -> !StoredTiers.pinned(o) && StoredTiers.of(o).compareTo(target) < 0)
                .toList();
        if (!small.isEmpty()) {
            return ", below tiering-min-size " + size(minObjectBytes) + ": stays " + StoredTiers.coldest(small);
        }
        return now.compareTo(target) >= 0 ? ", already in " + target : "";
    }

    /** As the setting is written: {@code 128 KiB} (KB means 1,024 bytes there), else the bytes. */
    private static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long value = bytes;
        String unit = null;
        for (int i = 0; value >= 1024 && value % 1024 == 0 && i < units.length; i++) {
            value /= 1024;
            unit = units[i];
        }
        return unit == null ? String.format("%,d bytes", bytes) : value + " " + unit;
    }
}
