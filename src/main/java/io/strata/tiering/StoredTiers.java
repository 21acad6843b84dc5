package io.strata.tiering;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import java.util.Comparator;
import java.util.List;

/** Which objects of a recovery point may change class, and where its data is now. */
public final class StoredTiers {

    private StoredTiers() {
    }

    /**
     * The descriptor, an expiry marker and the DynamoDB manifests always stay in STANDARD, so that
     * {@code list}, {@code archive} and restore planning never wait hours for a Glacier restore; so do
     * the verification records, which {@code status} and {@code audit} read.
     */
    public static boolean pinned(StoredObject object) {
        String name = object.key().substring(object.key().lastIndexOf('/') + 1);
        return name.equals(RecoveryPointKey.DESCRIPTOR) || name.equals(RecoveryPointKey.EXPIRING)
                || name.startsWith("manifest-") || RecoveryPointKey.find(object.key())
                .filter(point -> object.key().startsWith(point.verificationsPrefix())).isPresent();
    }

    public static StorageTier of(StoredObject object) {
        return StorageTier.ofS3(object.storageClass());
    }

    /** The coldest class among the movable objects (STANDARD for a folder without any). */
    public static StorageTier coldest(List<StoredObject> objects) {
        return objects.stream().filter(o -> !pinned(o)).map(StoredTiers::of).max(Comparator.naturalOrder())
                .orElse(StorageTier.STANDARD);
    }

    /** The objects that belong in {@code target} and are warmer, at least {@code minBytes} big. */
    public static List<StoredObject> due(List<StoredObject> objects, StorageTier target, long minBytes) {
        return objects.stream().filter(o -> !pinned(o) && o.size() >= minBytes && of(o).compareTo(target) < 0).toList();
    }
}
