package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsCheck;
import io.strata.config.SettingsKeys;
import io.strata.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The image runs like the launcher (issue 20, point 4), read from docker/Dockerfile and docker/compose.yaml as
 * Docker would: the entrypoint is the launcher script, every {@code STRATA_*} variable the image or compose sets is
 * a declared setting or one of the launcher's own variables (a typo would stop the container at start-up), and the
 * requests' state directory is a volume the image's user owns.
 */
class DockerImageTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    /** The Dockerfile's instructions, continuation lines joined, comments dropped: {instruction, arguments}. */
    private static List<String[]> instructions() throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(REPO.resolve("docker/Dockerfile"))) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String text = current.toString().strip();
                if (!text.isEmpty()) {
                    String[] parts = text.split("\\s+", 2);
                    instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
                }
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> arguments(String instruction) throws IOException {
        return instructions().stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    /** The variables the final stage sets with ENV (KEY=VALUE pairs, values unquoted). */
    private static Map<String, String> imageEnvironment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String[] instruction : instructions()) {
            if (instruction[0].equals("FROM")) {
                environment.clear(); // a new stage starts from its base image's environment
            }
            if (instruction[0].equals("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction[1]);
                while (pair.find()) {
                    environment.put(pair.group(1), pair.group(2).replace("\"", ""));
                }
            }
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(REPO.resolve("docker/compose.yaml")));
    }

    /** The compose services built from docker/Dockerfile (Strata's replicas). */
    @SuppressWarnings("unchecked")
    private static List<String> strataServices() throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        List<String> strata = services.entrySet().stream()
                .filter(e -> ((Map<String, Object>) e.getValue()).get("build") instanceof Map<?, ?> build
                        && "docker/Dockerfile".equals(build.get("dockerfile")))
                .map(Map.Entry::getKey).toList();
        assertFalse(strata.isEmpty(), "compose.yaml runs the image");
        return strata;
    }

    /** Every service's environment in compose.yaml (the map form or the list form KEY=VALUE). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment(String service) throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        Object environment = ((Map<String, Object>) services.get(service)).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            list.forEach(pair -> {
                String[] parts = String.valueOf(pair).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        }
        return variables;
    }

    /** Each STRATA_ name is declared or the launcher's; then the real loader and settings check accept them all. */
    private static void assertEveryStrataVariableIsKnown(String where, Map<String, String> environment) {
        SettingsKeys keys = Services.settings();
        environment.keySet().stream().filter(name -> name.startsWith("STRATA_")).forEach(name ->
                assertTrue(SettingsLoader.LAUNCHER_VARIABLES.contains(name) || keys.fromEnvironment(name).isPresent(),
                        where + " sets " + name + ", which is neither a declared setting nor a launcher variable"));
        SettingsLoader loader = new SettingsLoader(keys, environment, new Properties());
        new SettingsCheck(keys).check(loader.load(REPO, null), loader.origins());
    }

    @Test
    void theEntrypointIsTheLauncherCopiedIntoTheImage() throws IOException {
        List<String> entrypoint = arguments("ENTRYPOINT");
        assertEquals(List.of("[\"/app/strata\"]"), entrypoint, "the image starts through ./strata, not java -jar");
        assertTrue(arguments("COPY").contains("strata /app/strata"), "the launcher script itself is in the image");
        // The launcher finds the jar where a checkout has it, and the jar's Class-Path beside it.
        assertTrue(arguments("COPY").contains("--from=build /src/target/strata.jar /app/target/strata.jar"));
        assertTrue(arguments("COPY").contains("--from=build /src/target/lib /app/target/lib"));
        assertTrue(arguments("COPY").contains("application.properties /app/application.properties"));
    }

    @Test
    void everyStrataVariableTheImageAndComposeSetIsASettingOrTheLaunchers() throws IOException {
        Map<String, String> image = imageEnvironment();
        assertFalse(image.isEmpty());
        assertEveryStrataVariableIsKnown("docker/Dockerfile", image);
        for (String service : strataServices()) {
            Map<String, String> strata = composeEnvironment(service);
            assertFalse(strata.isEmpty());
            Map<String, String> both = new LinkedHashMap<>(image);
            both.putAll(strata);
            assertEveryStrataVariableIsKnown("docker/compose.yaml (" + service + ")", both);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateDirectoryIsAVolumeTheImagesUserOwns() throws IOException {
        String stateDir = imageEnvironment().get("STRATA_REQUESTS_STATE_DIR");
        assertEquals("/var/lib/strata", stateDir, "strata.requests.state-dir outside root's /app");
        assertEquals(List.of(stateDir), arguments("VOLUME"));
        String user = arguments("USER").get(arguments("USER").size() - 1);
        assertFalse(user.equals("root") || user.equals("0"), "the image runs as its own user");
        assertTrue(arguments("RUN").stream().anyMatch(run -> run.contains("chown " + user + " " + stateDir)),
                "the state directory belongs to " + user);
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        for (String service : strataServices()) {
            List<String> volumes = (List<String>) ((Map<String, Object>) services.get(service)).get("volumes");
            assertTrue(volumes != null && volumes.stream().anyMatch(volume -> volume.endsWith(":" + stateDir)),
                    service + " keeps its state across container restarts: " + volumes);
        }
    }
}
