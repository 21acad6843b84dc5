package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.OutputOptions;
import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.exit.ExitCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata archive [--plan P] [--dry-run] [--as-of T]}: one archive pass, each decision with its reason. */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "Apply each plan's retention and tiering now: keep, move to a colder "
        + "class, or expire each recovery point, and say why.")
public final class ArchiveCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan.")
    String plan;

    @Option(names = "--dry-run", description = "Decide and print, change nothing.")
    boolean dryRun;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Evaluate the policy at this instant, e.g. "
            + "2027-03-01T00:00:00Z (default: now).")
    String asOf;

    @Override
    public Integer call() throws Exception {
        Instant at = instant();
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            if (plan != null) {
                environment.plans().require(plan);
            }
            List<ArchiveReport> reports = runtime.archive(new Archivist.ArchiveOrder(plan, at, dryRun));
            output.output().archive(reports);
            return ExitCode.of(reports.stream().allMatch(ArchiveReport::ok)).code();
        }
    }

    private Instant instant() {
        if (asOf == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--as-of must be an ISO-8601 instant such as "
                    + "2027-03-01T00:00:00Z, not '" + asOf + "'");
        }
        if (!dryRun && at.isAfter(Instant.now())) {
            // A pass dated in the future expires recovery points before their time: only ever a preview.
            throw new ParameterException(spec.commandLine(), "--as-of " + asOf + " is in the future: a pass then would "
                    + "expire recovery points early; add --dry-run to see what it will do");
        }
        return at;
    }
}
