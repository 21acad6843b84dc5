package io.strata.retention;

import io.strata.vault.StorageTier;
import java.util.List;
import java.util.Optional;

/** The tiering steps S3 lifecycle rules can carry out: checked when a plan asks for tiering-mode=lifecycle. */
final class LifecycleSteps {

    private LifecycleSteps() {
    }

    /**
     * What S3 refuses in a lifecycle configuration that copy mode allows, named with the key:
     * an object must stay 30 days in STANDARD_IA before a rule moves it on.
     */
    static Optional<String> check(ArchivePolicy policy) {
        List<TierPolicy.Step> steps = policy.tiering().objectSteps();
        for (int i = 1; i < steps.size(); i++) {
            TierPolicy.Step before = steps.get(i - 1);
            TierPolicy.Step step = steps.get(i);
            if (before.tier() == StorageTier.STANDARD_IA && step.days() < before.days() + 30) {
                return Optional.of("strata.plan." + policy.plan() + ".tiering: with tiering-mode=lifecycle, '" + step
                        + "' must come at least 30 days after '" + before + "' (S3 lifecycle keeps objects 30 days in "
                        + "STANDARD_IA before moving them on), e.g. " + (before.days() + 30) + "d:" + step.tier());
            }
        }
        return Optional.empty();
    }
}
