package io.strata.retention;

import io.strata.vault.StorageTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Age → storage class steps, as {@code strata.plan.<name>.tiering} writes them:
 * {@code 30d:GLACIER_IR,90d:DEEP_ARCHIVE}. Ages increase and classes get colder; {@code ARCHIVE}
 * (the EBS snapshot archive tier) may appear once and applies to EC2 snapshots only.
 */
public record TierPolicy(List<Step> steps) {

    private static final Pattern STEP = Pattern.compile("(\\d+)d:([A-Za-z_]+)");

    /** From {@code days} of age on, a recovery point belongs in {@code tier}. */
    public record Step(int days, StorageTier tier) {
        @Override
        public String toString() {
            return days + "d:" + tier;
        }
    }

    public TierPolicy {
        steps = List.copyOf(steps);
    }

    public static TierPolicy none() {
        return new TierPolicy(List.of());
    }

    public static TierPolicy parse(String text) {
        List<Step> steps = new ArrayList<>();
        Step lastObjectStep = null;
        for (String part : text.split(",")) {
            String step = part.trim();
            Matcher matcher = STEP.matcher(step);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("'" + step + "' is not a tiering step: expected AGEd:CLASS, "
                        + "e.g. 30d:GLACIER_IR,90d:DEEP_ARCHIVE");
            }
            int days = Integer.parseInt(matcher.group(1));
            StorageTier tier = StorageTier.parse(matcher.group(2));
            if (tier == StorageTier.STANDARD) {
                throw new IllegalArgumentException("'" + step + "': objects start in STANDARD; a step names a colder class");
            }
            if (days < 1) {
                throw new IllegalArgumentException("'" + step + "': the age must be at least 1d");
            }
            if (!steps.isEmpty() && days <= steps.get(steps.size() - 1).days()) {
                throw new IllegalArgumentException("'" + step + "' comes after '" + steps.get(steps.size() - 1)
                        + "': ages must increase");
            }
            if (tier.snapshotsOnly() && steps.stream().anyMatch(s -> s.tier().snapshotsOnly())) {
                throw new IllegalArgumentException("'" + step + "': ARCHIVE is given twice");
            }
            if (tier == StorageTier.STANDARD_IA && days < 30) {
                throw new IllegalArgumentException("'" + step + "': S3 moves objects to STANDARD_IA only from 30 days of age");
            }
            if (!tier.snapshotsOnly()) {
                if (lastObjectStep != null && tier.ordinal() <= lastObjectStep.tier().ordinal()) {
                    throw new IllegalArgumentException("'" + step + "' comes after '" + lastObjectStep
                            + "': each step must name a colder class (STANDARD_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE)");
                }
                lastObjectStep = new Step(days, tier);
            }
            steps.add(new Step(days, tier));
        }
        return new TierPolicy(steps);
    }

    /** The S3 class an object of this age belongs in (STANDARD before the first step). */
    public StorageTier objectTierAt(long ageDays) {
        return objectSteps().stream().filter(s -> s.days() <= ageDays).reduce((a, b) -> b).map(Step::tier)
                .orElse(StorageTier.STANDARD);
    }

    /** The step that put an object of this age where it is, if any. */
    public Optional<Step> objectStepAt(long ageDays) {
        return objectSteps().stream().filter(s -> s.days() <= ageDays).reduce((a, b) -> b);
    }

    /** The steps that move S3 objects (all but ARCHIVE). */
    public List<Step> objectSteps() {
        return steps.stream().filter(s -> !s.tier().snapshotsOnly()).toList();
    }

    /** The EBS snapshot archive step, if the policy has one. */
    public Optional<Step> snapshotArchiveStep() {
        return steps.stream().filter(s -> s.tier().snapshotsOnly()).findFirst();
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", steps.stream().map(Step::toString).toList());
    }
}
