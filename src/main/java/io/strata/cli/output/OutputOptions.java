package io.strata.cli.output;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --json}, mixed into every command that reports: which renderer prints its result. */
public final class OutputOptions {

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (shapes: README \"Output\"); "
            + "times ISO-8601 UTC, sizes in bytes, exit codes unchanged.")
    boolean json;

    public boolean json() {
        return json;
    }

    /** Stdout as it is now (a test swaps System.out per command). */
    public Output output() {
        PrintStream out = System.out;
        return json ? new JsonOutput(out) : new HumanOutput(out);
    }
}
