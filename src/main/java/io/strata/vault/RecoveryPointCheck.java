package io.strata.vault;

/** Refuses a descriptor that parses as JSON but is not a recovery point of the folder it sits in. */
final class RecoveryPointCheck {

    private RecoveryPointCheck() {
    }

    static RecoveryPoint wellFormed(RecoveryPoint point, RecoveryPointKey location) {
        String problem = null;
        if (point.key() == null || point.service() == null || point.resource() == null) {
            problem = "it lacks key, service or resource";
        } else if (!sameFolder(point.key(), location)) {
            problem = "it names " + point.key() + ", not the folder it is in";
        } else if (point.files().isEmpty() && point.itemCount() > 0) {
            problem = "it lists no file for " + point.itemCount() + " items";
        }
        if (problem != null) {
            throw new VaultException("Descriptor " + location.descriptorKey() + " is not a valid recovery point: " + problem);
        }
        return point;
    }

    /** The same resource and stamp; the vault prefix may differ (a vault copied elsewhere). */
    private static boolean sameFolder(String key, RecoveryPointKey location) {
        try {
            RecoveryPointKey named = RecoveryPointKey.parse(key);
            return relative(named).equals(relative(location));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String relative(RecoveryPointKey key) {
        return key.prefix().substring(key.vaultPrefix().length());
    }
}
