package io.strata.cli.output;

import io.strata.retention.ArchivePolicies;
import io.strata.retention.GfsRetention;
import io.strata.service.InterruptedRestore;
import io.strata.tiering.StoredTiers;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;

/**
 * What {@code strata list} found, as both renderers print it.
 *
 * @param vault       the bucket listed
 * @param points      the readable recovery points, in the vault's order (newest first per resource)
 * @param unreadable  one entry per descriptor that could not be read, naming it
 * @param interrupted targets a restore left incomplete, with the command that finishes each
 */
public record ListResult(String vault, List<Entry> points, List<String> unreadable, List<InterruptedRestore> interrupted) {

    /** The storage of a recovery point whose data are its service's snapshots (RDS, EC2), not S3 objects. */
    public static final String SNAPSHOTS = "snapshots";

    /** A point dated after the clock's now (skew) is not classified yet: it is the newest there is. */
    private static final String NEWER_THAN_NOW = GfsRetention.GfsClass.NEWEST.label();

    public ListResult {
        points = List.copyOf(points);
        unreadable = List.copyOf(unreadable);
        interrupted = List.copyOf(interrupted);
    }

    /**
     * One listed recovery point.
     *
     * @param address what restore and verify take: the key, or {@code s3://BUCKET/key} when another bucket was listed
     * @param storage the coldest S3 class of its data files, or {@link #SNAPSHOTS}
     * @param gfs     its GFS class under its plan today ({@link ArchivePolicies#gfsLabels})
     * @param held    under a legal hold ({@code strata hold}): an object at one of its exact hold keys
     */
    public record Entry(RecoveryPoint point, String address, String storage, String gfs, boolean held) {

        public Entry(RecoveryPoint point, String address, String storage, String gfs) {
            this(point, address, storage, gfs, false);
        }

        /** Its plan is named in the descriptor but not in the settings this command runs with. */
        public boolean planNotConfigured() {
            return ArchivePolicies.NOT_CONFIGURED.equals(gfs);
        }
    }

    /** {@code location} is prefixed to each key ("" for the vault itself, {@code s3://BUCKET/} for another bucket). */
    public static ListResult of(String vault, String location, Listing listing, Map<String, String> gfsLabels,
                                List<InterruptedRestore> interrupted) {
        List<Entry> entries = listing.points().stream().map(point -> new Entry(point, location + point.key(),
                "snapshot".equals(point.mode()) ? SNAPSHOTS : StoredTiers.coldest(listing.objectsOf(point)).name(),
                gfsLabels.getOrDefault(point.key(), NEWER_THAN_NOW), !listing.holdsOf(point).isEmpty())).toList();
        return new ListResult(vault, entries, listing.problems(), interrupted);
    }

    public boolean ok() {
        return unreadable.isEmpty();
    }
}
