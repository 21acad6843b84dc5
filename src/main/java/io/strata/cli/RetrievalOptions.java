package io.strata.cli;

import io.strata.vault.thaw.ThawRetrieval;
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

    @Option(names = "--retrieval-tier", paramLabel = "TIER",
            description = "Restore archived (GLACIER, DEEP_ARCHIVE) objects first at this tier, then wait for them: "
                    + "Expedited (GLACIER only, minutes), Standard (default; hours) or Bulk (cheapest, up to 48 h).")
    String tier;

    @Option(names = "--restore-days", paramLabel = "DAYS",
            description = "Days the restored copies stay readable (default 3).")
    Integer days;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Empty without either option; bad usage (exit 2) naming the option for a bad value. */
    public Optional<ThawRetrieval> retrieval() {
        if (tier != null) {
            try {
                ThawRetrieval.tier(tier);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--retrieval-tier': " + e.getMessage());
            }
        }
        if (days != null) {
            try {
                ThawRetrieval.days(days);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--restore-days': " + e.getMessage());
            }
        }
        return ThawRetrieval.of(tier, days);
    }
}
