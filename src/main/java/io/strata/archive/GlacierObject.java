package io.strata.archive;

/** One archived object of a recovery point: its key, storage class and restore state. */
public record GlacierObject(String key, StorageTier tier, RestoreState state) {

    public GlacierObject with(RestoreState next) {
        return new GlacierObject(key, tier, next);
    }

    public boolean readable() {
        return state == RestoreState.DONE;
    }
}
