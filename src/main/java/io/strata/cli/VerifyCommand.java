package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.OutputOptions;
import io.strata.thaw.ThawRetrieval;
import io.strata.exit.ExitCode;
import io.strata.vault.VerificationReport;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata verify RECOVERY_POINT}: its service checks everything the recovery point records. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Recompute MD5/SHA-256 and item counts of a recovery point.")
public final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', or s3://bucket/key of one.")
    String recoveryPoint;

    @Mixin
    RetrievalOptions archived;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Arguments.recoveryPoint(spec, recoveryPoint); // bad usage named before anything starts
        Optional<ThawRetrieval> retrieval = archived.retrieval();
        // Through direct:verify-request, as a verify request file goes.
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            VerificationReport report = runtime.verify(recoveryPoint, retrieval);
            output.output().verification(report);
            return exitCode(report).code();
        }
    }

    /** CORRUPT fails (1); UNREADABLE has its own code (3): retry later, do not delete the recovery point. */
    static ExitCode exitCode(VerificationReport report) {
        return report.ok() ? ExitCode.OK : report.problems().isEmpty() ? ExitCode.UNREADABLE : ExitCode.FAILED;
    }
}
