package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.hold.HoldOrder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata release RECOVERY_POINT}: ends every legal hold on one recovery point. */
@Command(name = "release", mixinStandardHelpOptions = true, description = {
        "End the legal holds on a recovery point: S3 legal holds OFF (Object Lock vaults), its objects tagged back for "
                + "the archive's next pass, then its holds/<id>.json removed. Exit 1 when it is not held."})
public final class ReleaseCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list'.")
    String recoveryPoint;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Arguments.recoveryPoint(spec, recoveryPoint);
        try (Composition environment = strata.open()) {
            output.output().hold(environment.holds().release(new HoldOrder(recoveryPoint, null, "cli")));
            return ExitCode.OK.code();
        }
    }
}
