package io.strata.rds;

import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.service.RestoredTags;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Restores into a new DB instance or cluster (never over an existing one: AWS refuses the id):
 * from a recorded snapshot, or from a live source to a point in time. A cluster gets its writer
 * instance too, since a restored Aurora cluster has none and serves nothing until it does.
 */
final class RdsRestorer {

    /** Aurora's writer: the cluster id with this suffix, so that it is found next to its cluster. */
    static final String WRITER_SUFFIX = "-writer";

    private final Function<Region, RdsClient> clients;
    private final Throttled throttled;
    private final RdsSettings settings;
    private final Waiter waiter;

    RdsRestorer(Function<Region, RdsClient> clients, Throttled throttled, RdsSettings settings) {
        this.clients = clients;
        this.throttled = throttled;
        this.settings = settings;
        this.waiter = new Waiter(settings.pollInterval());
    }

    /** From the snapshot recorded in {@code region}, into {@code target}, tagged as {@code tags} says. */
    String fromSnapshot(RdsDetails details, String region, String target, String instanceClass, RestoredTags tags) {
        checkTarget(target);
        SnapshotRef snapshot = details.in(region).orElseThrow(() -> new IllegalArgumentException("The recovery point has "
                + "no snapshot in " + region + " (it has: " + details.snapshots().stream().map(SnapshotRef::region).toList() + ")"));
        RdsClient rds = clients.apply(Region.of(region));
        String chosenClass = instanceClass != null ? instanceClass : details.instanceClass();
        if (details.sourceKind() == SourceKind.INSTANCE) {
            // Tags given replace the snapshot's, which RDS would otherwise copy (Strata's own and the plans' among them).
            throttled.call(() -> rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(target)
                    .dbSnapshotIdentifier(snapshot.id()).dbInstanceClass(chosenClass).tags(RdsSnapshots.tags(tags.tags()))));
            return "Restored snapshot " + snapshot.id() + " (" + region + ") as DB instance " + target + ": "
                    + endpoint(awaitInstance(rds, region, target)) + tags.note("DB instance");
        }
        throttled.call(() -> rds.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(target)
                .snapshotIdentifier(snapshot.id()).engine(details.engine()).tags(RdsSnapshots.tags(tags.tags()))));
        return "Restored snapshot " + snapshot.id() + " (" + region + ") as " + withWriter(rds, region, target,
                details.engine(), chosenClass, tags) + tags.note("DB cluster");
    }

    /** From a live instance or cluster ({@code instance/ID}, {@code cluster/ID}) as it was at {@code time}. */
    String toPointInTime(String resourceId, String region, String target, String time, String instanceClass,
                         boolean keepTags) {
        checkTarget(target);
        Instant at = parse(time);
        RdsClient rds = clients.apply(Region.of(region));
        RdsSource source = new RdsSources(() -> rds, throttled).describe(resourceId);
        String when = at == null ? "the latest restorable time" : at.toString();
        String chosenClass = instanceClass != null ? instanceClass : source.instanceClass();
        RestoredTags tags = new RestoredTags(source.tags(), "rds:" + resourceId + "@" + (at == null ? "latest" : at),
                settings.planTags(), keepTags);
        if (source.kind() == SourceKind.INSTANCE) {
            throttled.call(() -> rds.restoreDBInstanceToPointInTime(r -> r.sourceDBInstanceIdentifier(source.id())
                    .targetDBInstanceIdentifier(target).restoreTime(at).useLatestRestorableTime(at == null ? true : null)
                    .dbInstanceClass(chosenClass).tags(RdsSnapshots.tags(tags.tags()))));
            return "Restored DB instance " + source.id() + " as of " + when + " as DB instance " + target + ": "
                    + endpoint(awaitInstance(rds, region, target)) + tags.note("DB instance");
        }
        throttled.call(() -> rds.restoreDBClusterToPointInTime(r -> r.sourceDBClusterIdentifier(source.id())
                .dbClusterIdentifier(target).restoreToTime(at).useLatestRestorableTime(at == null ? true : null)
                .tags(RdsSnapshots.tags(tags.tags()))));
        return "Restored DB cluster " + source.id() + " as of " + when + " as " + withWriter(rds, region, target,
                source.engine(), chosenClass, tags) + tags.note("DB cluster");
    }

    /** The writer carries the restored-from tag only: plans select the cluster, not its members. */
    private String withWriter(RdsClient rds, String region, String cluster, String engine, String instanceClass,
                              RestoredTags tags) {
        if (instanceClass == null) {
            throw new IllegalArgumentException("DB cluster " + cluster + " needs a writer instance: give --instance-class");
        }
        String writer = cluster + WRITER_SUFFIX;
        DBCluster restored = waiter.until("Restored DB cluster " + cluster + " in " + region, settings.restoreTimeout(),
                "strata.rds.restore-timeout",
                () -> throttled.call(() -> rds.describeDBClusters(r -> r.dbClusterIdentifier(cluster))).dbClusters().get(0),
                DBCluster::status, c -> "available".equals(c.status()), c -> broken(c.status()));
        throttled.call(() -> rds.createDBInstance(r -> r.dbInstanceIdentifier(writer).dbClusterIdentifier(cluster)
                .engine(engine).dbInstanceClass(instanceClass).tags(t -> t.key(RestoredTags.RESTORED_FROM)
                        .value(tags.tags().get(RestoredTags.RESTORED_FROM)))));
        awaitInstance(rds, region, writer);
        return "DB cluster " + cluster + " with writer instance " + writer + ": endpoint " + restored.endpoint() + ":"
                + restored.port();
    }

    private DBInstance awaitInstance(RdsClient rds, String region, String id) {
        return waiter.until("Restored DB instance " + id + " in " + region, settings.restoreTimeout(),
                "strata.rds.restore-timeout",
                () -> throttled.call(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(id))).dbInstances().get(0),
                DBInstance::dbInstanceStatus, i -> "available".equals(i.dbInstanceStatus()),
                i -> broken(i.dbInstanceStatus()));
    }

    private static boolean broken(String status) {
        return status != null && (status.equals("failed") || status.startsWith("incompatible")
                || status.equals("inaccessible-encryption-credentials") || status.equals("deleting"));
    }

    private static String endpoint(DBInstance instance) {
        return instance.endpoint() == null ? "no endpoint yet"
                : "endpoint " + instance.endpoint().address() + ":" + instance.endpoint().port();
    }

    /** The rule RdsSelectors declares, which the doors already checked: here for callers that skip them. */
    private static void checkTarget(String target) {
        RdsSelectors.TARGET.check("--to", target);
    }

    /** An ISO-8601 instant, or {@code latest} (null here: UseLatestRestorableTime). */
    private static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            throw new IllegalArgumentException("A point-in-time restore needs --point-in-time (an ISO-8601 instant such as "
                    + "2026-11-22T01:30:00Z, or latest)");
        }
        if (time.trim().equalsIgnoreCase("latest")) {
            return null;
        }
        try {
            return Instant.parse(time.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--point-in-time '" + time + "' is neither an ISO-8601 instant "
                    + "(2026-11-22T01:30:00Z) nor latest", e);
        }
    }
}
