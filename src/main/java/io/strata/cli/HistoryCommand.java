package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.monitor.RunHistory;
import io.strata.text.Printable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata history [--plan P] [--last N] [--failed]}: the run reports of the vault's strata/runs/. */
@Command(name = "history", mixinStandardHelpOptions = true, description = {
        "List past runs from the run reports in the vault's strata/runs/, newest first: start time, trigger, plan, "
                + "run id, resources ok and failed, duration.",
        "At most 500 reports are read per query. Exit 1 when a report cannot be read (named on stderr)."})
public final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Option(names = "--plan", paramLabel = "PLAN", description = "Only this plan's runs.")
    String plan;

    @Option(names = "--last", paramLabel = "N", defaultValue = "20", description = "At most N runs (default: 20).")
    int last;

    @Option(names = "--failed", description = "Only runs in which a resource failed.")
    boolean failed;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new ParameterException(spec.commandLine(), "--last must be at least 1, not " + last);
        }
        try (Composition environment = strata.openShort()) {
            if (plan != null && environment.plans().find(plan.trim()).isEmpty()) {
                // Past runs of a plan since removed are still shown: the name is only warned about.
                System.err.println("strata: no plan '" + Printable.of(plan) + "' in the settings: showing its past runs");
            }
            RunHistory.History history = new RunHistory(environment.vault())
                    .read(new RunHistory.Query(plan == null ? null : plan.trim(), last, failed));
            output.output().history(history);
            history.unreadable().forEach(problem -> System.err.println("strata: unreadable run report "
                    + Printable.of(problem)));
            return ExitCode.of(history.unreadable().isEmpty()).code();
        }
    }
}
