package io.strata.cli;

import io.strata.cli.output.CostResult;
import io.strata.cli.output.OutputOptions;
import io.strata.dynamodb.cost.CostCase;
import io.strata.exit.ExitCode;
import io.strata.retention.TierPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strata cost}: what each way of backing up a DynamoDB table costs a month, and restoring it,
 * from AWS's list prices (README "Large tables"). Offline arithmetic: no setting, no AWS call. Without
 * options it prints the README's worked example.
 */
@Command(name = "cost", mixinStandardHelpOptions = true, description = {
        "Estimate a month of backing up one DynamoDB table each way (scan, native export, full + incremental "
                + "exports, AWS Backup) and a whole-table restore, from US East list prices. No AWS call."})
public final class CostCommand implements Callable<Integer> {

    @Option(names = "--table-gib", paramLabel = "GIB", defaultValue = "1024", description = "Table size in GiB (default 1024).")
    double tableGib;

    @Option(names = "--daily-change", paramLabel = "PERCENT", defaultValue = "1",
            description = "Share of the table written a day, in percent (default 1).")
    double dailyChange;

    @Option(names = "--keep-days", paramLabel = "DAYS", defaultValue = "35", description = "How long points are kept (default 35).")
    int keepDays;

    @Option(names = "--full-every-days", paramLabel = "DAYS", defaultValue = "7",
            description = "Days between full exports with incrementals (default 7).")
    int fullEveryDays;

    @Option(names = "--incremental-hours", paramLabel = "HOURS", defaultValue = "6",
            description = "Hours between incremental exports, 1-24 (default 6).")
    int incrementalHours;

    @Option(names = "--item-kib", paramLabel = "KIB", defaultValue = "1", description = "Average item size in KiB (default 1).")
    double itemKib;

    @Option(names = "--tiering", paramLabel = "STEPS", defaultValue = "",
            description = "The plan's tiering, e.g. 7d:GLACIER_IR (default: none, all STANDARD).")
    String tiering;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        TierPolicy policy;
        try {
            policy = tiering.isBlank() ? TierPolicy.none() : TierPolicy.parse(tiering);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tiering: " + e.getMessage());
        }
        CostCase input;
        try {
            input = new CostCase(tableGib, dailyChange / 100, keepDays, fullEveryDays, incrementalHours, itemKib,
                    tiering.trim(), policy::objectTierAt);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "strata cost needs " + e.getMessage());
        }
        output.output().cost(CostResult.of(input));
        return ExitCode.OK.code();
    }
}
