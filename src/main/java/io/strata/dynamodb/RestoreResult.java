package io.strata.dynamodb;

/** What a restore wrote. */
public record RestoreResult(String table, long items, double seconds, boolean created) {

    public double itemsPerSecond() {
        return seconds > 0 ? items / seconds : 0;
    }
}
