package io.strata.rds;

import io.strata.vault.RecoveryPointKey;
import java.util.Locale;

/**
 * Snapshot and export task identifiers derived from the recovery point key, so that a retried
 * attempt at the same recovery point finds the snapshot it made instead of making a second one.
 */
final class SnapshotIds {

    /** RDS snapshot ids: 1-255 letters, digits, hyphens; a letter first; no "--", no trailing hyphen. */
    private static final int SNAPSHOT_MAX = 255;
    /** Export task ids: 1-60 of the same characters. */
    private static final int EXPORT_MAX = 60;

    private SnapshotIds() {
    }

    /** {@code strata-instance-prod-db-20261122t020000z-1a2b3c4d}. */
    static String snapshot(RecoveryPointKey key) {
        return valid("strata-" + key.resource() + "-" + key.stamp(), SNAPSHOT_MAX);
    }

    /** The end (stamp and suffix) is what makes it unique, so a long resource name is cut from the middle. */
    static String exportTask(RecoveryPointKey key) {
        // The stamp (digits, t, z, hex) is valid as it is; only the head must start with a letter.
        String stamp = key.stamp().toLowerCase(Locale.ROOT);
        return valid("strata-" + key.resource(), EXPORT_MAX - stamp.length() - 1) + "-" + stamp;
    }

    static String valid(String text, int max) {
        String id = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-{2,}", "-");
        id = id.replaceAll("^[^a-z]+", "");
        if (id.length() > max) {
            id = id.substring(0, max);
        }
        return id.replaceAll("-+$", "");
    }
}
