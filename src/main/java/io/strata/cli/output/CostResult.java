package io.strata.cli.output;

import io.strata.dynamodb.cost.BackupCosts;
import io.strata.dynamodb.cost.CostCase;
import java.util.List;

/** What {@code strata cost} estimates for one table and plan ({@link BackupCosts}). */
public record CostResult(CostCase input, List<BackupCosts.Mode> modes, List<BackupCosts.Restore> restores) {

    public CostResult {
        modes = List.copyOf(modes);
        restores = List.copyOf(restores);
    }

    public static CostResult of(CostCase input) {
        return new CostResult(input, BackupCosts.modes(input), BackupCosts.restores(input));
    }
}
