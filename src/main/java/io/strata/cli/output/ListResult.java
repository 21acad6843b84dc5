package io.strata.cli.output;

import io.strata.retention.ArchivePolicies;
import io.strata.retention.GfsRetention;
import io.strata.service.InterruptedRestore;
import io.strata.service.RestoreWindow;
import io.strata.tiering.StoredTiers;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code strata list} found, as both renderers print it.
 *
 * @param vault       the bucket listed
 * @param points      the readable recovery points, in the vault's order (newest first per resource)
 * @param unreadable  one entry per descriptor that could not be read, naming it
 * @param interrupted targets a restore left incomplete, with the command that finishes each
 * @param windows     the point-in-time windows of the live resources the selector names (DynamoDB's PITR)
 */
public record ListResult(String vault, List<Entry> points, List<String> unreadable, List<InterruptedRestore> interrupted,
                         List<RestoreWindow> windows) {

    /** The storage of a recovery point whose data are its service's snapshots (RDS, EC2), not S3 objects. */
    public static final String SNAPSHOTS = "snapshots";
    /** The modes whose data the service keeps outside the vault: RDS and EC2 snapshots, DynamoDB's on-demand backups. */
    private static final Set<String> SNAPSHOT_MODES = Set.of("snapshot", "native-backup");

    /** A point dated after the clock's now (skew) is not classified yet: it is the newest there is. */
    private static final String NEWER_THAN_NOW = GfsRetention.GfsClass.NEWEST.label();

    public ListResult {
        points = List.copyOf(points);
        unreadable = List.copyOf(unreadable);
        interrupted = List.copyOf(interrupted);
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    public ListResult(String vault, List<Entry> points, List<String> unreadable, List<InterruptedRestore> interrupted) {
        this(vault, points, unreadable, interrupted, List.of());
    }

    /** This listing with the live resources' point-in-time windows. */
    public ListResult with(List<RestoreWindow> found) {
        return new ListResult(vault, points, unreadable, interrupted, found);
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
                SNAPSHOT_MODES.contains(point.mode()) ? SNAPSHOTS : StoredTiers.coldest(listing.objectsOf(point)).name(),
                gfsLabels.getOrDefault(point.key(), NEWER_THAN_NOW), !listing.holdsOf(point).isEmpty())).toList();
        return new ListResult(vault, entries, listing.problems(), interrupted, List.of());
    }

    public boolean ok() {
        return unreadable.isEmpty();
    }
}
