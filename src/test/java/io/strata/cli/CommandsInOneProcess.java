package io.strata.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child process that runs several command lines one after another, each as {@code Strata.main} runs it
 * (the same command line, error handling and exit code), with its own stdout and stderr. For tests about
 * the process's environment rather than about process start-up: one JVM for a list of commands instead
 * of one JVM per command (NoCredentialsIT ran seven, two to three seconds each).
 * <p>
 * Arguments: a folder, then the command lines separated by {@value #NEXT}. Command {@code i} leaves
 * {@code i.code}, {@code i.out} and {@code i.err} in the folder.
 */
public final class CommandsInOneProcess {

    public static final String NEXT = "--next-command--";

    private CommandsInOneProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        List<List<String>> commands = new ArrayList<>();
        commands.add(new ArrayList<>());
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            if (arg.equals(NEXT)) {
                commands.add(new ArrayList<>());
            } else {
                commands.get(commands.size() - 1).add(arg);
            }
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        for (int i = 0; i < commands.size(); i++) {
            String[] command = commands.get(i).toArray(String[]::new);
            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
                var commandLine = StrataCommand.commandLine(new StrataCommand(), command);
                commandLine.setOut(new PrintWriter(System.out, true));
                commandLine.setErr(new PrintWriter(System.err, true));
                code = commandLine.execute(command);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            Files.writeString(folder.resolve(i + ".out"), outBytes.toString(StandardCharsets.UTF_8));
            Files.writeString(folder.resolve(i + ".err"), errBytes.toString(StandardCharsets.UTF_8));
            Files.writeString(folder.resolve(i + ".code"), Integer.toString(code));
        }
        System.exit(0);
    }
}
