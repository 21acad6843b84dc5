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
 * Every command run as a real process with no AWS credentials anywhere (no AWS_* variables, no
 * aws.accessKeyId, a HOME without ~/.aws, IMDS disabled) against a non-local configuration: one line
 * saying so, the sources tried and how to provide them, exit 2 — not the SDK's provider-chain dump.
 */
class NoCredentialsIT {

    private static final String POINT = "strata/dynamodb/us-east-1/orders/20261122T020000Z-3f91c061/";

    @TempDir
    Path home;

    private record Result(int code, String out, String err) {
    }

    private Result strata(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Duser.home=" + home, "io.strata.Strata", "-Dstrata.vault.bucket=my-backups",
                "-Dstrata.aws.region=us-east-1", "-Dstrata.plan.nightly.cron=0 0 2 * * ?",
                "-Dstrata.plan.nightly.resources=dynamodb:orders"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STRATA_"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile(home, "strata", ".out");
        Path err = Files.createTempFile(home, "strata", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "strata " + String.join(" ", args) + " did not end");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void everyCommandSaysInOneLineThatNoCredentialsWereFoundWhereItLookedAndHowToProvideThem() throws Exception {
        for (List<String> command : List.of(List.of("list"), List.of("backup", "dynamodb:orders"),
                List.of("run", "--once"), List.of("verify", POINT), List.of("restore", POINT, "--to", "orders-restored"),
                List.of("archive", "--dry-run"), List.of("vault", "check"))) {
            Result result = strata(command.toArray(String[]::new));
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
