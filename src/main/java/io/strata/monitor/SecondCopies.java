package io.strata.monitor;

import io.strata.config.SettingValues;
import io.strata.copies.VaultCopier;
import io.strata.copies.VaultCopies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.CopyToRegion;
import io.strata.service.Failures;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The audit's {@code second-copy} control: each resource's newest recovery point has a copy elsewhere.
 * With {@code copy-to-vault}, the point must be committed in the plan's second vault (its descriptor there,
 * written last by the copy). With only {@code copy-to-region}, the snapshots of a snapshot service are
 * copied by the backup itself (and their copies checked by verify); a point whose data is in the vault
 * (DynamoDB) has no second copy that way.
 */
public final class SecondCopies {

    private final Function<String, ArchivePolicy> policies;
    private final VaultCopies copies;
    private final Properties properties;
    private final VaultCopier copier = new VaultCopier();

    public SecondCopies(Function<String, ArchivePolicy> policies, VaultCopies copies, Properties properties) {
        this.policies = policies;
        this.copies = copies;
        this.properties = properties;
    }

    AuditControl check(String plan, List<PlanResource> resources) {
        String control = "second-copy";
        Optional<ArchivePolicy.VaultCopy> vaultCopy = policies.apply(plan).copyToVault();
        List<String> regions = SettingValues.regions(properties, CopyToRegion.SETTING.key(plan));
        if (vaultCopy.isEmpty() && regions.isEmpty()) {
            return AuditControl.fail(plan, control, "neither copy-to-vault nor copy-to-region is set: one copy only");
        }
        Vault second;
        try {
            second = vaultCopy.map(copy -> copies.secondVault(plan, copy)).orElse(null);
        } catch (RuntimeException e) {
            return AuditControl.fail(plan, control, "second vault s3://" + vaultCopy.get().bucket() + ": " + Failures.message(e));
        }
        List<String> without = new ArrayList<>();
        int copied = 0;
        for (PlanResource resource : resources) {
            Optional<RecoveryPoint> newest = resource.newest();
            if (newest.isEmpty()) {
                continue;
            }
            if (second != null) {
                if (copier.committedIn(second, newest.get().key())) {
                    copied++;
                } else {
                    without.add(newest.get().key() + " is not in s3://" + second.bucket());
                }
            } else if ("snapshot".equals(newest.get().mode())) {
                copied++;
            } else {
                without.add(resource.resource() + ": copy-to-region copies snapshots only; its data is in the vault alone "
                        + "(set copy-to-vault)");
            }
        }
        String where = second != null ? "s3://" + second.bucket() : "region(s) " + String.join(", ", regions);
        return without.isEmpty() ? AuditControl.pass(plan, control, copied + " newest recovery point(s) copied to " + where)
                : AuditControl.fail(plan, control, String.join("; ", without));
    }
}
