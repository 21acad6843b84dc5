package io.strata.vault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** Several listings as one, their points in the order given (one listing per service folder). */
    public static Listing of(List<Listing> listings) {
        if (listings.size() == 1) {
            return listings.get(0);
        }
        List<RecoveryPoint> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, List<StoredObject>> objects = new HashMap<>();
        Map<String, List<StoredObject>> unfinished = new TreeMap<>();
        for (Listing listing : listings) {
            points.addAll(listing.points());
            problems.addAll(listing.problems());
            objects.putAll(listing.objects());
            unfinished.putAll(listing.unfinishedExpiries());
        }
        return new Listing(points, problems, objects, unfinished);
    }

    /**
     * The legal holds of a listed recovery point: the objects at its exact hold keys
     * ({@link RecoveryPointKey#holdObject}), already in the listing, so that no reader needs another request.
     */
    public List<StoredObject> holdsOf(RecoveryPoint point) {
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        return objectsOf(point).stream().filter(object -> key.holdObject(object.key())).toList();
    }

    /** The objects of a listed recovery point's folder, descriptor included. */
    public List<StoredObject> objectsOf(RecoveryPoint point) {
        return objects.getOrDefault(point.key(), List.of());
    }
}
