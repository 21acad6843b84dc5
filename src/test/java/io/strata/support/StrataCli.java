package io.strata.support;

import io.strata.cli.StrataCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in this JVM as a user types it, with stdout and stderr captured. */
public final class StrataCli {

    private StrataCli() {
    }

    /** What the user sees: the exit code and both streams. */
    public record Result(int code, String out, String err) {
    }

    /** {@code -D} settings aiming the command at the embedded DynamoDB Local and S3 server, vault {@code bucket}. */
    public static List<String> against(String bucket) {
        return new ArrayList<>(List.of("-Dstrata.vault.bucket=" + bucket, "-Dstrata.aws.region=us-east-1",
                "-Dstrata.aws.endpoint.dynamodb=" + TestAws.services().dynamoDbEndpoint(),
                "-Dstrata.aws.endpoint.s3=" + TestAws.services().s3Endpoint()));
    }

    /** One command; System.out and System.err are the process's, so one command at a time. */
    public static Result run(List<String> args) {
        return run(new StrataCommand(), args);
    }

    /** One command of {@code strata} as composed (e.g. with a test's own service). */
    public static synchronized Result run(StrataCommand strata, List<String> args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            var commandLine = StrataCommand.commandLine(strata);
            commandLine.setErr(new PrintWriter(System.err, true));
            int code = commandLine.execute(args.toArray(String[]::new));
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
