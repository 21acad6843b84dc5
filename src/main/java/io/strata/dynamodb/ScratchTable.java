package io.strata.dynamodb;

import io.strata.vault.RecoveryPoint;

/**
 * The table a restore test restores a recovery point into: {@code strata-restore-test-<table>-<stamp>}, the
 * prefix marking it as Strata's scratch (the next test deletes one a killed process left).
 */
public record ScratchTable(String name, RecoveryPoint point) {

    /** What the export holds: its items read back from its files, each checked against its record. */
    public record Expected(long items, String digest) {
    }
}
