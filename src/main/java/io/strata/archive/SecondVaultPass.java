package io.strata.archive;

import io.strata.copies.VaultCopies;
import io.strata.retention.ArchivePolicy;
import io.strata.tiering.LifecycleSummary;
import io.strata.vault.Vault;
import java.util.List;
import java.util.function.Function;

/**
 * The archive pass in a plan's second vault: first the copies missing there of the recovery points the
 * primary keeps (a dry run only names them), then {@code pass}, the plan's retention and tiering applied
 * to that vault. Problems are in the report, never thrown.
 */
final class SecondVaultPass {

    private SecondVaultPass() {
    }

    static ArchiveReport run(VaultCopies copies, ArchiveReport inPrimary, ArchivePolicy policy,
                             Function<Vault, ArchiveReport> pass) {
        List<String> kept = inPrimary.outcomes().stream()
                .filter(o -> o.decision().action() != ArchiveDecision.Action.EXPIRE) // a copy would only be expired in turn
                .map(o -> o.decision().point().key()).toList();
        VaultCopies.Completion done = copies.complete(policy, kept, inPrimary.dryRun());
        String bucket = policy.copyToVault().orElseThrow().bucket();
        if (done.vault().isPresent()) {
            return pass.apply(done.vault().get()).withCopies(done.copied(), done.problems());
        }
        if (done.missing()) {
            return new ArchiveReport(policy.plan(), bucket, inPrimary.asOf(), true, List.of(), done.problems(),
                    LifecycleSummary.none(), done.copied());
        }
        return new ArchiveReport(policy.plan(), bucket, inPrimary.asOf(), inPrimary.dryRun(), List.of(), done.problems());
    }
}
