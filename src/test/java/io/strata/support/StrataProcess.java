package io.strata.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@code strata} process: a child JVM on this test's classpath, its stdout and stderr in files
 * so that nothing is lost when it is stopped (SIGTERM) or killed (kill -9). It reaches the embedded
 * S3 and DynamoDB Local, and whatever fakes the test serves over loopback HTTP, through the settings
 * it is given.
 */
public final class StrataProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private StrataProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** {@code strata -Dkey=value… args…} against the embedded S3 (vault {@code bucket}) and DynamoDB Local. */
    public static StrataProcess start(String bucket, List<String> settings, String... args) throws IOException {
        return start(bucket, settings, Map.of(), args);
    }

    /** The same with {@code environment} added to this process's environment variables. */
    public static StrataProcess start(String bucket, List<String> settings, Map<String, String> environment,
                                      String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Daws.accessKeyId=strataLocal", "-Daws.secretAccessKey=strataLocal", "io.strata.Strata"));
        command.addAll(StrataCli.against(bucket));
        command.addAll(settings);
        command.addAll(List.of(args));
        Path out = Files.createTempFile("strata", ".out");
        Path err = Files.createTempFile("strata", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new StrataProcess(process, out, err);
    }

    /**
     * {@code strata -Dstrata.local=true -Dstrata.local.data-dir=DATA_DIR args…}: local mode with its own embedded
     * services (on this test's classpath, as ./strata adds them), keeping their data in {@code dataDir}.
     */
    public static StrataProcess startLocal(Path dataDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dstrata.home=" + Path.of("").toAbsolutePath(),
                "-Dstrata.local=true", "-Dstrata.local.data-dir=" + dataDir, "io.strata.Strata"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("strata", ".out");
        Path err = Files.createTempFile("strata", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("STRATA_"));
        return new StrataProcess(builder.start(), out, err);
    }

    public Process process() {
        return process;
    }

    public String stdout() throws IOException {
        return Files.readString(out);
    }

    public String stderr() throws IOException {
        return Files.readString(err);
    }

    /** For failure messages: what the process said so far. */
    public String said() throws IOException {
        return (process.isAlive() ? "running" : "exited " + process.exitValue()) + "\nstdout:\n" + stdout()
                + "\nstderr:\n" + stderr();
    }

    /** Waits (polling every 50 ms, up to {@code millis}) until {@code condition} holds; false if the process ended first. */
    public boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** Kills it for good if a test left it running. */
    public void destroyForcibly() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
