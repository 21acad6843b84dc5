package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.cli.output.StatusResult;
import io.strata.exit.ExitCode;
import io.strata.monitor.Inventory;
import io.strata.monitor.StatusReader;
import io.strata.monitor.Verifications;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code strata status [--plan P]}: per resource of the plans, its newest recovery point and what the last
 * checks of it said; exit 0 only when every resource is OK, so that cron and monitoring can use it as is.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Per resource of each plan: the newest recovery "
        + "point, its age, mode and storage class, its last verification and last restore test, and OK, STALE "
        + "(older than the plan's freshness), CORRUPT, MISSING (never backed up) or FAILED. Exit code 0 only when all are OK.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Mixin
    OutputOptions output;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan's resources.")
    String plan;

    @Override
    public Integer call() {
        try (Composition environment = strata.openShort()) {
            if (plan != null) {
                environment.plans().require(plan);
            }
            StatusReader reader = new StatusReader(new Inventory(environment.plans(), environment.services(),
                    environment.vault()), new Verifications(environment.vault()), environment.settings().properties(),
                    environment.clock());
            StatusResult result = new StatusResult(environment.clock().instant(), reader.states(plan));
            output.output().status(result);
            return ExitCode.of(result.ok()).code();
        }
    }
}
