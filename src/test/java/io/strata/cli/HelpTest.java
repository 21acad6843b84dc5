package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.Strata;
import io.strata.exit.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command explains itself: {@code --help} and {@code strata help COMMAND} print its usage and exit 0. */
class HelpTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine commandLine = Strata.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertUsage(Result result, String command) {
        assertEquals(ExitCode.OK.code(), result.code(), result.err());
        assertTrue(result.out().startsWith("Usage: strata " + command + " "), result.out());
        assertEquals("", result.err());
    }

    @Test
    void everyCommandAnswersHelpAndHelpCommand() {
        for (String command : new String[] {"demo", "run", "backup", "list", "verify", "restore", "archive", "vault", "status",
                "audit", "hold", "release", "plans", "history", "cost"}) {
            assertUsage(run(command, "--help"), command);
            assertUsage(run("help", command), command);
        }
        assertUsage(run("vault", "check", "--help"), "vault check");
        assertUsage(run("cluster", "--help"), "cluster");
        assertUsage(run("cluster", "status", "--help"), "cluster status");
        assertUsage(run("-Dstrata.vault.bucket=b", "backup", "-h"), "backup");
    }

    @Test
    void restoreHelpListsEveryServicesDeclaredOptionsWithTheirHelp() {
        Result help = run("restore", "--help");

        assertUsage(help, "restore");
        for (String expected : new String[] {"--to=TABLE", "--overwrite", "dynamodb: Write into an existing table",
                "--key=HASH:TYPE[,RANGE:TYPE]", "--keep-partial", "--instance-class=CLASS", "rds: Class of the restored",
                "--region=REGION", "--point-in-time=TIME", "--launch", "ec2: Launch an instance", "--dry-run",
                "--keep-tags", "--volume=DEVICE", "--availability-zone=AZ", "--retrieval-tier=TIER", "--restore-days=DAYS"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
        // Declared by DynamoDB and RDS, each with its own meaning: both are shown, each naming its service.
        assertTrue(help.out().contains("dynamodb: Restore a live table") && help.out().contains("rds: Restore a live DB"),
                help.out());
        // One text shared by every service that declares it is shown once.
        assertTrue(help.out().contains("dynamodb, ec2, rds: "), help.out());
    }

    @Test
    void aUsageErrorStillExits2AndItsPointerWorks() {
        Result wrong = run("restore", "strata/dynamodb/us-east-1/t/20260101T000000Z/");
        assertEquals(ExitCode.USAGE.code(), wrong.code(), wrong.err());
        Matcher pointer = Pattern.compile("\\(see (strata [a-z ]+--help)\\)").matcher(wrong.err());
        assertTrue(pointer.find(), wrong.err());

        String[] args = pointer.group(1).split(" ");
        assertUsage(run(Arrays.copyOfRange(args, 1, args.length)), "restore");
    }

    @Test
    void theVersionIsStratasOnEveryCommand() {
        Result version = run("list", "--version");
        assertEquals(ExitCode.OK.code(), version.code(), version.err());
        assertTrue(version.out().startsWith("strata "), version.out());
    }
}
