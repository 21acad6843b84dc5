package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.hold.HoldOrder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata hold RECOVERY_POINT --reason TEXT}: a legal hold on one recovery point (README "Legal holds"). */
@Command(name = "hold", mixinStandardHelpOptions = true, description = {
        "Put a recovery point under a legal hold: no archive pass tiers or expires it, no lifecycle rule acts on its "
                + "objects, 'strata forget' refuses it, and in a vault with S3 Object Lock each object gets an S3 legal "
                + "hold. Recorded beside the point as holds/<id>.json (who, when, why) until 'strata release'."})
public final class HoldCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list'.")
    String recoveryPoint;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is held (a case, a "
            + "ticket): recorded in the hold.")
    String reason;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Arguments.recoveryPoint(spec, recoveryPoint); // bad usage named before anything starts
        if (reason.isBlank()) {
            throw Arguments.usage(spec, "--reason", reason, new IllegalArgumentException("it must say why"));
        }
        try (Composition environment = strata.open()) {
            output.output().hold(environment.holds().hold(new HoldOrder(recoveryPoint, reason, "cli")));
            return ExitCode.OK.code();
        }
    }
}
