package io.strata.cli;

import io.strata.exit.ExitCode;
import io.strata.text.Printable;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage: one {@code strata:} line with the reason, and exit code 2. Picocli reports an unknown
 * argument as "Unmatched argument at index 5", counting the {@code -D} options and the command
 * before it; the argument itself is what the user can find and fix.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("strata: " + Printable.of(reason(e)) + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static String reason(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            List<String> arguments = unmatched.getUnmatched();
            String kind = arguments.stream().allMatch(a -> a.startsWith("-")) ? "option" : "argument";
            return "unknown " + kind + (arguments.size() > 1 ? "s " : " ")
                    + arguments.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
        }
        return e.getMessage();
    }
}
