package io.strata;

import io.strata.cli.StrataCommand;
import io.strata.exit.GracefulExit;
import java.time.Duration;
import picocli.CommandLine;

/** {@code strata}: the process's entry point; the commands live in {@code cli/}, what they use is built by {@code app/}. */
public final class Strata {

    /** How long a signal waits for the work to stop cleanly before the JVM exits anyway (143). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private Strata() {
    }

    /** The command line with Strata's error handling (exit 1 on failure, 2 on bad usage). */
    public static CommandLine commandLine() {
        return StrataCommand.commandLine();
    }

    public static void main(String[] args) {
        StrataCommand command = new StrataCommand();
        GracefulExit exit = GracefulExit.install(command.stop()::request, STOP_GRACE);
        exit.exit(StrataCommand.commandLine(command, args).execute(args));
    }
}
