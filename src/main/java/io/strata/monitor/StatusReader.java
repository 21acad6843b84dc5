package io.strata.monitor;

import io.strata.tiering.StoredTiers;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code strata status}: each resource's state from what the vault holds (its newest point, that point's
 * last verification, the last restore test of any of its points, whether it is held), no check run. Reads one
 * record per kind per resource at most: the catalog's listing already names every record, and every hold.
 */
public final class StatusReader {

    /** The storage of a recovery point whose data are its service's snapshots, not S3 objects. */
    public static final String SNAPSHOTS = "snapshots";

    private final Inventory inventory;
    private final Verifications records;
    private final Properties properties;
    private final Clock clock;

    public StatusReader(Inventory inventory, Verifications records, Properties properties, Clock clock) {
        this.inventory = inventory;
        this.records = records;
        this.properties = properties;
        this.clock = clock;
    }

    /** The resources of {@code plan} (null: of every plan). */
    public List<ResourceState> states(String plan) {
        return inventory.of(plan).stream().map(this::state).toList();
    }

    ResourceState state(PlanResource resource) {
        var freshness = Freshness.of(properties, resource.plan());
        if (resource.problem() != null) {
            return ResourceState.unresolved(resource.plan(), resource.resource(), clock.instant(), freshness,
                    resource.problem());
        }
        RecoveryPoint newest = resource.newest().orElse(null);
        Verification verified = newest == null ? null
                : records.newest(newest.key(), resource.objectsOf(newest), Verification.VERIFICATIONS).orElse(null);
        return ResourceState.judge(resource.plan(), resource.resource(), clock.instant(), freshness, newest,
                newest == null ? null : storage(resource, newest), verified, lastRestoreTest(resource).orElse(null))
                .held(newest != null && held(resource, newest));
    }

    /** A hold object in the point's folder, as {@code Listing.holdsOf} counts them: the listing already names it. */
    static boolean held(PlanResource resource, RecoveryPoint point) {
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        return resource.objectsOf(point).stream().anyMatch(object -> key.holdObject(object.key()));
    }

    /** The newest restore test of any of the resource's points: a test of last week's point still proves the path. */
    Optional<Verification> lastRestoreTest(PlanResource resource) {
        for (RecoveryPoint point : resource.points()) {
            Optional<Verification> test = records.newest(point.key(), resource.objectsOf(point), Verification.RESTORE_TEST);
            if (test.isPresent()) {
                return test;
            }
        }
        return Optional.empty();
    }

    static String storage(PlanResource resource, RecoveryPoint point) {
        return "snapshot".equals(point.mode()) ? SNAPSHOTS : StoredTiers.coldest(resource.objectsOf(point)).name();
    }
}
