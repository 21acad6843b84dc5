package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing with the real JVM, on a copy of the launcher beside the built jar:
 * the first successful run of a command records its archive, later runs map it, and an archive that
 * is unusable, or a run that fails, never changes what the command prints or its exit code.
 */
class LauncherCdsIT {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path home;

    private Path archives;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void copyOfTheLauncher() throws IOException {
        Files.copy(REPO.resolve("strata"), home.resolve("strata"));
        Files.copy(REPO.resolve("pom.xml"), home.resolve("pom.xml"));
        Files.createDirectories(home.resolve("src/main"));
        Path target = Files.createDirectories(home.resolve("target"));
        Files.copy(REPO.resolve("target/strata.jar"), target.resolve("strata.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(target.resolve("classpath-local.txt"), "");
        Files.createSymbolicLink(target.resolve("lib"), REPO.resolve("target/lib"));
        // Sources older than the jar: the launcher must not rebuild.
        FileTime before = FileTime.from(Files.getLastModifiedTime(target.resolve("strata.jar")).toInstant()
                .minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(home.resolve("pom.xml"), before);
        Files.setLastModifiedTime(home.resolve("src/main"), before);
        archives = target.resolve("cds");
    }

    private Result strata(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("strata").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("STRATA_") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "strata " + String.join(" ", args) + " did not end");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> archiveFolder() throws IOException {
        try (Stream<Path> files = Files.list(archives)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstRunRecordsTheArchiveAndTheNextMapsIt() throws Exception {
        Result recording = strata(Map.of(), "--version");

        assertEquals(0, recording.code(), recording.out() + recording.err());
        assertTrue(recording.out().matches("strata \\S+\n"), "the version and no JVM message on stdout: " + recording.out());
        assertEquals(List.of("none.jsa"), archiveFolder(), "kept under its own name, nothing half-written left");

        Path loaded = home.resolve("classes.log");
        Result mapped = strata(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded), "--version");

        assertEquals(0, mapped.code(), mapped.err());
        assertEquals(recording.out(), mapped.out());
        String classes = Files.readString(loaded, StandardCharsets.UTF_8);
        assertTrue(classes.contains("io.strata.Strata source: shared objects file (top)"),
                "Strata's own classes come from the archive");
    }

    @Test
    void anUnusableArchiveOnlyCostsItsSaving() throws Exception {
        Files.createDirectories(archives);
        Files.writeString(archives.resolve("none.jsa"), "not a class-data archive");

        Result result = strata(Map.of(), "--version");

        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().matches("strata \\S+\n"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void aFailedRunKeepsNoArchive() throws Exception {
        Result result = strata(Map.of(), "list", "--no-such-option");

        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("--no-such-option"), result.err());
        assertEquals(List.of(), archiveFolder());
    }

    @Test
    void withoutAPlaceToWriteOrWhenSwitchedOffTheCommandRunsAsBefore() throws Exception {
        Files.writeString(archives, "a file where the archive folder would be");

        Result unwritable = strata(Map.of(), "--version");
        Files.delete(archives);
        Result off = strata(Map.of("STRATA_CDS", "off"), "--version");

        assertEquals(0, unwritable.code(), unwritable.out() + unwritable.err());
        assertTrue(unwritable.out().matches("strata \\S+\n"), unwritable.out());
        assertEquals(0, off.code(), off.err());
        assertFalse(Files.exists(archives), "off means no archive recorded");
    }

    @Test
    void anInstalledCopyWithoutPomRunsItsJarAndRefusesLocalModeClearly() throws Exception {
        // The Docker image's layout (docker/Dockerfile): target/strata.jar and target/lib, no pom.xml, no
        // embedded services.
        Files.delete(home.resolve("pom.xml"));
        Files.delete(home.resolve("target/classpath-local.txt"));

        Result version = strata(Map.of(), "--version");
        Result local = strata(Map.of("STRATA_LOCAL", "true"), "list");

        assertEquals(0, version.code(), version.out() + version.err());
        assertTrue(version.out().matches("strata \\S+\n"), version.out());
        assertFalse(version.err().contains("building"), "never builds: " + version.err());
        assertEquals(2, local.code(), local.out() + local.err());
        assertTrue(local.err().contains("the Docker image has none"), local.err());
    }
}
