package io.strata.thaw;

import io.strata.vault.StorageTier;

/** One archived object of a recovery point: its key, storage class and restore state. */
public record GlacierObject(String key, StorageTier tier, ThawState state) {

    public GlacierObject with(ThawState next) {
        return new GlacierObject(key, tier, next);
    }

    public boolean readable() {
        return state == ThawState.DONE;
    }
}
