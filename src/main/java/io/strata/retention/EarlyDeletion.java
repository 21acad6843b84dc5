package io.strata.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS bills an object for a minimum time in its class (30 days STANDARD_IA, 90 GLACIER_IR and
 * GLACIER, 180 DEEP_ARCHIVE; 90 for archived EBS snapshots). A recovery point that a rule keeps past
 * a tiering step, then expires before that minimum, pays for days it no longer exists: the
 * policy is refused unless the plan allows early deletion.
 */
final class EarlyDeletion {

    private EarlyDeletion() {
    }

    /** The first rule that would expire recovery points inside their minimum storage time, explained. */
    static Optional<String> check(ArchivePolicy policy) {
        if (policy.retention().isEmpty()) {
            return Optional.empty();
        }
        String prefix = "strata.plan." + policy.plan() + ".";
        Map<String, Long> shortest = policy.retention().get().shortestInDays();
        for (Map.Entry<String, Long> horizon : policy.retention().get().horizonsInDays().entrySet()) {
            long keptDays = horizon.getValue();
            // A rule expires its recovery points anywhere from its shortest keep to its longest: the last
            // of a period sooner than the nominal count of periods says.
            long soonest = shortest.get(horizon.getKey());
            for (TierPolicy.Step step : stepsReachedBefore(policy.tiering(), keptDays)) {
                long safeDays = (long) step.days() + step.tier().minimumDays();
                if (soonest < safeDays) {
                    return Optional.of(prefix + "retention rule " + horizon.getKey() + " keeps recovery points up to "
                            + keptDays + " days" + (soonest < keptDays ? ", the last of a period only " + soonest
                            + " days" : "") + ", but " + prefix + "tiering moves them to " + step.tier() + " at "
                            + step.days() + " days and AWS bills " + step.tier().minimumDays() + " days there: expiry would pay "
                            + "an early-deletion fee. Keep them at least " + safeDays + " days, tier later, or set "
                            + prefix + "allow-early-delete=true");
                }
            }
        }
        return Optional.empty();
    }

    /** The class a recovery point kept {@code keptDays} is in when it expires: its S3 step and its snapshot step. */
    private static List<TierPolicy.Step> stepsReachedBefore(TierPolicy tiering, long keptDays) {
        List<TierPolicy.Step> reached = new ArrayList<>();
        tiering.objectSteps().stream().filter(s -> s.days() < keptDays).reduce((a, b) -> b).ifPresent(reached::add);
        tiering.snapshotArchiveStep().filter(s -> s.days() < keptDays).ifPresent(reached::add);
        return reached;
    }
}
