package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata backup SELECTOR…}: back up the selected resources now. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up resources now, e.g. dynamodb:orders dynamodb:tag/env=prod.")
public final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "SELECTOR")
    List<String> selectors;

    @Override
    public Integer call() throws Exception {
        List<ResourceSelector> parsed = selectors.stream().map(text -> Arguments.selector(spec, text)).toList();
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, null, parsed, environment.clock().instant()));
            output.output().runs(List.of(report));
            return ExitCode.of(report.success()).code();
        }
    }
}
