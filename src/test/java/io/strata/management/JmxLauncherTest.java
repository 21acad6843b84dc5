package io.strata.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JMX flags, with stand-ins for {@code java} (prints its arguments) and {@code mvn} (no build). */
class JmxLauncherTest {

    @TempDir
    Path bin;

    @BeforeEach
    void standIns() throws IOException {
        script("java", "#!/bin/sh\necho \"$@\"\n");
        script("mvn", "#!/bin/sh\nexit 0\n");
    }

    @Test
    void aPortAloneOpensJmxOnLoopbackWithoutAuthentication() throws Exception {
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010"));

        assertEquals(0, result.code, result.output);
        assertTrue(result.output.contains("-Dcom.sun.management.jmxremote.port=9010 "
                + "-Dcom.sun.management.jmxremote.rmi.port=9010 -Dcom.sun.management.jmxremote.host=127.0.0.1 "
                + "-Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.ssl=false "
                + "-Dcom.sun.management.jmxremote.authenticate=false"), result.output);
    }

    @Test
    void anotherAddressWithoutAPasswordFileIsRefused() throws Exception {
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010", "STRATA_JMX_HOST", "10.0.0.5"));

        assertEquals(2, result.code, result.output);
        assertTrue(result.output.contains("refusing JMX on 10.0.0.5 without authentication"), result.output);
        assertFalse(result.output.contains("io.strata.Strata"), "java was not started: " + result.output);
    }

    @Test
    void aNameThatOnlyLooksLikeLoopbackIsRefused() throws Exception {
        // Not a loopback address: it does not resolve here, and wherever it resolves it is not 127.0.0.0/8.
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010", "STRATA_JMX_HOST", "127.example.com"));

        assertEquals(2, result.code, result.output);
        assertTrue(result.output.contains("refusing JMX on 127.example.com without authentication"), result.output);
        assertFalse(result.output.contains("io.strata.Strata"), "java was not started: " + result.output);
    }

    @Test
    void aNameThatResolvesToLoopbackBindsTheAddressItResolvedTo() throws Exception {
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010", "STRATA_JMX_HOST", "localhost"));

        assertEquals(0, result.code, result.output);
        assertTrue(result.output.contains("-Dcom.sun.management.jmxremote.host=127.0.0.1 "
                + "-Djava.rmi.server.hostname=127.0.0.1"), "bound to what was checked, not re-resolved: " + result.output);
        assertTrue(result.output.contains("-Dcom.sun.management.jmxremote.authenticate=false"), result.output);
    }

    @Test
    void anotherAddressWithAPasswordFileAuthenticates() throws Exception {
        Path passwords = Files.writeString(bin.resolve("jmx.password"), "ops secret\n");
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010", "STRATA_JMX_HOST", "10.0.0.5",
                "STRATA_JMX_PASSWORD_FILE", passwords.toString(), "STRATA_JMX_ACCESS_FILE", "/etc/strata/jmx.access"));

        assertEquals(0, result.code, result.output);
        assertTrue(result.output.contains("-Dcom.sun.management.jmxremote.host=10.0.0.5 -Djava.rmi.server.hostname=10.0.0.5"),
                result.output);
        assertTrue(result.output.contains("-Dcom.sun.management.jmxremote.authenticate=true "
                + "-Dcom.sun.management.jmxremote.password.file=" + passwords
                + " -Dcom.sun.management.jmxremote.access.file=/etc/strata/jmx.access"), result.output);
    }

    @Test
    void onlyTheRunCommandOpensAConnector() throws Exception {
        Result result = launch(Map.of("STRATA_JMX_PORT", "9010"), "backup");

        assertEquals(0, result.code, result.output);
        assertFalse(result.output.contains("jmxremote"), result.output);
    }

    @Test
    void withoutAPortThereIsNoJmxFlag() throws Exception {
        Result result = launch(Map.of());

        assertEquals(0, result.code, result.output);
        assertFalse(result.output.contains("jmxremote"), result.output);
    }

    private record Result(int code, String output) {
    }

    private Result launch(Map<String, String> env) throws Exception {
        return launch(env, "run");
    }

    private Result launch(Map<String, String> env, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("strata").toAbsolutePath().toString(), command)
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("STRATA_"));
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private void script(String name, String text) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
