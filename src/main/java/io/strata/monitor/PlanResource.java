package io.strata.monitor;

import io.strata.vault.RecoveryPoint;
import io.strata.vault.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource a plan's selectors name right now, with its committed recovery points (newest first,
 * whichever plan or command made them) and the objects of each point's folder.
 *
 * @param problem why the selector named no resource to back up (none matched, the service unreachable); null when it did
 */
public record PlanResource(String plan, String service, String id, String problem, List<RecoveryPoint> points,
                           Map<String, List<StoredObject>> objects) {

    public PlanResource {
        points = List.copyOf(points);
        objects = Map.copyOf(objects);
    }

    /** {@code dynamodb:orders}, as selectors and descriptors write it. */
    public String resource() {
        return service + ":" + id;
    }

    public Optional<RecoveryPoint> newest() {
        return points.stream().findFirst();
    }

    public List<StoredObject> objectsOf(RecoveryPoint point) {
        return objects.getOrDefault(point.key(), List.of());
    }

    @Override
    public String toString() {
        return plan + " " + resource();
    }
}
