package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.exit.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command run in a real process with no AWS credentials anywhere (no AWS_* variables, no
 * aws.accessKeyId, a HOME without ~/.aws, IMDS disabled) against a non-local configuration: one line
 * saying so, the sources tried and how to provide them, exit 2 — not the SDK's provider-chain dump.
 * The environment is the point, not the start-up: the seven commands share one child JVM
 * ({@link CommandsInOneProcess}), each with its own streams and exit code.
 */
class NoCredentialsIT {

    private static final String POINT = "strata/dynamodb/us-east-1/orders/20261122T020000Z-3f91c061/";
    private static final List<String> SETTINGS = List.of("-Dstrata.vault.bucket=my-backups",
            "-Dstrata.aws.region=us-east-1", "-Dstrata.plan.nightly.cron=0 0 2 * * ?",
            "-Dstrata.plan.nightly.resources=dynamodb:orders");

    @TempDir
    Path home;

    private record Result(int code, String out, String err) {
    }

    /** Each of {@code commands} as {@code strata} runs it, all in one child process with the environment above. */
    private List<Result> strata(List<List<String>> commands) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Duser.home=" + home, CommandsInOneProcess.class.getName()));
        Path results = Files.createDirectory(home.resolve("results"));
        command.add(results.toString());
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) {
                command.add(CommandsInOneProcess.NEXT);
            }
            command.addAll(SETTINGS);
            command.addAll(commands.get(i));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STRATA_"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Path said = Files.createTempFile(home, "strata", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(said.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the commands did not end: " + Files.readString(said));
        assertEquals(0, process.exitValue(), Files.readString(said));
        List<Result> all = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            all.add(new Result(Integer.parseInt(Files.readString(results.resolve(i + ".code"))),
                    Files.readString(results.resolve(i + ".out")), Files.readString(results.resolve(i + ".err"))));
        }
        return all;
    }

    @Test
    void everyCommandSaysInOneLineThatNoCredentialsWereFoundWhereItLookedAndHowToProvideThem() throws Exception {
        List<List<String>> commands = List.of(List.of("list"), List.of("backup", "dynamodb:orders"),
                List.of("run", "--once"), List.of("verify", POINT), List.of("restore", POINT, "--to", "orders-restored"),
                List.of("archive", "--dry-run"), List.of("vault", "check"));
        List<Result> results = strata(commands);
        for (int i = 0; i < commands.size(); i++) {
            List<String> command = commands.get(i);
            Result result = results.get(i);
            String said = command + " said:\n" + result.out() + result.err();

            assertEquals(ExitCode.USAGE.code(), result.code(), said);
            List<String> lines = result.err().strip().lines().toList();
            assertEquals(1, lines.size(), said);
            String line = lines.get(0);
            assertTrue(line.startsWith("strata: No AWS credentials found"), said);
            for (String source : List.of("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "~/.aws/credentials",
                    "AWS_WEB_IDENTITY_TOKEN_FILE", "container", "instance profile")) {
                assertTrue(line.contains(source), "names the source " + source + ": " + said);
            }
            assertTrue(line.contains("aws configure") || line.contains("export AWS_ACCESS_KEY_ID"), "says how: " + said);
            assertFalse(line.contains("AwsCredentialsProviderChain"), said);
            assertTrue(line.length() < 600, line.length() + " characters: " + said);
        }
    }
}
