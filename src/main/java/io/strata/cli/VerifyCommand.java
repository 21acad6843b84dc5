package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.monitor.Verification;
import io.strata.monitor.Verifications;
import io.strata.service.Failures;
import io.strata.thaw.ThawRetrieval;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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
            Instant started = environment.clock().instant();
            VerificationReport report = runtime.verify(recoveryPoint, retrieval);
            output.output().verification(report);
            record(environment, report, started);
            return exitCode(report).code();
        }
    }

    /**
     * Recorded beside the copy it read, as the verify pass records its checks, so that {@code status} knows the point
     * was just verified; a record that cannot be written (a role that may only read) fails nothing: the check was made.
     */
    private void record(Composition environment, VerificationReport report, Instant started) {
        try {
            Vault holder = RecoveryPointAddress.require(recoveryPoint).vault(environment.vault());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("by", "strata verify");
            details.put("bucket", report.bucket());
            details.put("extent", report.extent());
            details.put("findings", report.findings());
            new Verifications(holder).write(Verification.of(Verification.MANUAL, report.recoveryPoint(), started,
                    environment.clock().instant(), report,
                    report.onlyArchived() ? Verification.notRead(report, List.of()) : null, details));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("strata: " + report.recoveryPoint() + " was verified, but the record "
                    + "of it could not be written beside it (strata status will not show it): " + Failures.message(e));
        }
    }

    /** CORRUPT fails (1); UNREADABLE has its own code (3): retry later, do not delete the recovery point. */
    static ExitCode exitCode(VerificationReport report) {
        return report.ok() ? ExitCode.OK : report.problems().isEmpty() ? ExitCode.UNREADABLE : ExitCode.FAILED;
    }
}
