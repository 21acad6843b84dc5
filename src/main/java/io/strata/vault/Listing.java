package io.strata.vault;

import java.util.List;
import java.util.Map;

/**
 * What {@code Vault.list} found: the readable recovery points, one problem per unreadable descriptor,
 * the objects of each listed recovery point's folder (by key), with their storage classes, and the
 * folders of expiries a killed archive run left half-done (an {@code expiring.json}, no descriptor).
 */
public record Listing(List<RecoveryPoint> points, List<String> problems, Map<String, List<StoredObject>> objects,
                      Map<String, List<StoredObject>> unfinishedExpiries) {

    public Listing {
        points = List.copyOf(points);
        problems = List.copyOf(problems);
        objects = Map.copyOf(objects);
        unfinishedExpiries = Map.copyOf(unfinishedExpiries);
    }

    public Listing(List<RecoveryPoint> points, List<String> problems) {
        this(points, problems, Map.of(), Map.of());
    }

    /** The objects of a listed recovery point's folder, descriptor included. */
    public List<StoredObject> objectsOf(RecoveryPoint point) {
        return objects.getOrDefault(point.key(), List.of());
    }
}
