package io.strata.rds;

import io.strata.support.FakeRds;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user checks after a failed or interrupted backup: every DB or DB cluster snapshot that
 * carries a {@code strata:recovery-point} tag but that no committed recovery point in the vault
 * names. After any backup, failed or not, and the next one, this must be empty.
 */
final class RdsOrphans {

    private RdsOrphans() {
    }

    static List<String> of(FakeRds world, Vault vault, String... regions) {
        Set<String> committed = vault.list(p -> true).points().stream().map(RecoveryPoint::key).collect(Collectors.toSet());
        List<String> orphans = new ArrayList<>();
        for (String region : regions) {
            for (String kind : List.of("snapshot", "cluster-snapshot")) {
                for (FakeRds.Thing snapshot : world.all(kind, region)) {
                    String key = snapshot.tags.get("strata:recovery-point");
                    if (key != null && !committed.contains(key)) {
                        orphans.add(kind + " " + snapshot.id + " (" + snapshot.status + ") in " + region + " of " + key);
                    }
                }
            }
        }
        return orphans;
    }
}
