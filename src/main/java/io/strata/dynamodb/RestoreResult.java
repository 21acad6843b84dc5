package io.strata.dynamodb;

/**
 * What a restore wrote.
 *
 * @param tagNote what was said about the tags plans select on (dropped or kept), empty when the table had none
 */
public record RestoreResult(String table, long items, double seconds, boolean created, String tagNote) {

    public RestoreResult(String table, long items, double seconds, boolean created) {
        this(table, items, seconds, created, "");
    }

    public double itemsPerSecond() {
        return seconds > 0 ? items / seconds : 0;
    }
}
