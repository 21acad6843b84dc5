package io.strata.vault;

import io.strata.vault.error.VaultException;

/** Refuses a descriptor that parses as JSON but is not a recovery point of the folder it sits in. */
final class RecoveryPointCheck {

    private RecoveryPointCheck() {
    }

    /** @param where the object read, as a user would look it up ({@code s3://bucket/key}) */
    static RecoveryPoint wellFormed(RecoveryPoint point, RecoveryPointKey location, String where) {
        String problem = null;
        if (point.key() == null || point.service() == null || point.resource() == null) {
            problem = "it lacks key, service or resource";
        } else if (!point.key().equals(location.prefix())) {
            // Exactly its own folder, vault prefix included: the services delete snapshots by this key.
            problem = "it names " + point.key() + ", not the folder it is in (" + location.prefix() + ")";
        } else if (point.files().isEmpty() && point.itemCount() > 0) {
            problem = "it lists no file for " + point.itemCount() + " items";
        }
        if (problem != null) {
            throw new VaultException(where + " is not a valid recovery point: " + problem);
        }
        return point;
    }
}
