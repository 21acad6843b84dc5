package io.strata.cli;

import io.strata.service.CommonRestoreOptions;
import io.strata.thaw.ThawRetrieval;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --retrieval-tier} and {@code --restore-days} of {@code restore} and {@code verify}: restore a
 * recovery point's GLACIER and DEEP_ARCHIVE objects first, then wait until they are readable.
 */
public final class RetrievalOptions {

    @Option(names = "--" + CommonRestoreOptions.RETRIEVAL_TIER_NAME, paramLabel = CommonRestoreOptions.RETRIEVAL_TIER_LABEL,
            description = CommonRestoreOptions.RETRIEVAL_TIER_HELP)
    String tier;

    @Option(names = "--" + CommonRestoreOptions.RESTORE_DAYS_NAME, paramLabel = CommonRestoreOptions.RESTORE_DAYS_LABEL,
            description = CommonRestoreOptions.RESTORE_DAYS_HELP)
    Integer days;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Empty without either option; bad usage (exit 2) naming the option for a bad value. */
    public Optional<ThawRetrieval> retrieval() {
        if (tier != null) {
            try {
                ThawRetrieval.tier(tier);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '"
                        + CommonRestoreOptions.RETRIEVAL_TIER.option() + "': " + e.getMessage());
            }
        }
        if (days != null) {
            try {
                ThawRetrieval.days(days);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '"
                        + CommonRestoreOptions.RESTORE_DAYS.option() + "': " + e.getMessage());
            }
        }
        return ThawRetrieval.of(tier, days);
    }
}
