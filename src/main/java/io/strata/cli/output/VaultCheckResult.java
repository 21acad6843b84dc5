package io.strata.cli.output;

import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.util.List;
import java.util.Set;

/**
 * What {@code strata vault check} found.
 *
 * @param required the protections {@code strata.vault.require} names
 */
public record VaultCheckResult(String vault, String prefix, List<ProtectionCheck> checks, Set<Protection> required) {

    public VaultCheckResult {
        checks = List.copyOf(checks);
        required = Set.copyOf(required);
    }

    /** The setting names of the protections not in place. */
    public List<String> missing() {
        return checks.stream().filter(c -> !c.ok()).map(c -> c.protection().setting()).toList();
    }

    /** Those of them that {@code strata.vault.require} names: the command fails on these. */
    public List<String> requiredMissing() {
        return checks.stream().filter(c -> !c.ok() && required.contains(c.protection())).map(c -> c.protection().setting())
                .toList();
    }

    public boolean ok() {
        return requiredMissing().isEmpty();
    }
}
