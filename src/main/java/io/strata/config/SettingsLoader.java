package io.strata.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Layers the configuration sources, later ones winning: {@code application.properties} in the
 * Strata home, an optional {@code --config} file, environment variables ({@code STRATA_AWS_ENDPOINT}
 * for {@code strata.aws.endpoint}, Camel's convention) and system properties ({@code -Dkey=value}).
 * Every {@code STRATA_…} variable but the launcher's own names a setting: one that no component
 * declares is kept under the key it spells, so that the settings check refuses it by name.
 */
public final class SettingsLoader {

    /**
     * The launcher's own variables ({@code ./strata}, README "JMX" and "Start-up") and the log level the logging
     * set-up reads ({@code STRATA_LOG_LEVEL}, as {@code logback.xml} and {@code text/LogSetup} do): no settings.
     */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("STRATA_JMX_PORT", "STRATA_JMX_HOST", "STRATA_JMX_SSL",
            "STRATA_JMX_PASSWORD_FILE", "STRATA_JMX_ACCESS_FILE", "STRATA_CDS", "STRATA_LOG_LEVEL");
    /** Set by the launcher to the folder holding application.properties: where settings are, not one of them. */
    public static final String HOME_PROPERTY = "strata.home";

    private final SettingsKeys keys;
    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final Map<String, String> origins = new HashMap<>();

    public SettingsLoader(SettingsKeys keys, Map<String, String> environment, Properties systemProperties) {
        this.keys = keys;
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    public static SettingsLoader fromProcess(SettingsKeys keys) {
        return new SettingsLoader(keys, System.getenv(), System.getProperties());
    }

    /** The merged properties; {@code configFile} may be null. */
    public Properties load(Path home, Path configFile) {
        Properties merged = new Properties();
        Path defaults = home.resolve("application.properties");
        if (Files.exists(defaults)) {
            merged.putAll(read(defaults));
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new SettingsException("Config file not found: " + configFile);
            }
            merged.putAll(read(configFile));
        }
        applyEnvironment(merged);
        systemProperties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("strata.") || key.startsWith("camel."))
                .filter(key -> !key.equals(HOME_PROPERTY))
                .forEach(key -> merged.setProperty(key, systemProperties.getProperty(key)));
        return merged;
    }

    /** Where a key of the last load came from when its name does not say it: its environment variable. */
    public Map<String, String> origins() {
        return Map.copyOf(origins);
    }

    /**
     * A loaded key takes its variable ({@code STRATA_PLAN_NIGHTLY_BATCH_CRON} for a file's
     * {@code strata.plan.nightly_batch.cron}); any other {@code STRATA_} variable sets the declared key
     * it spells, else the key its name reads as ({@code STRATA_VAULT_BUCKETT} → {@code strata.vault.buckett}).
     */
    private void applyEnvironment(Properties merged) {
        Map<String, String> loaded = new HashMap<>();
        for (String key : new TreeSet<>(merged.stringPropertyNames())) {
            loaded.putIfAbsent(environmentName(key), key);
        }
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!name.startsWith("STRATA_") || LAUNCHER_VARIABLES.contains(name)) {
                return;
            }
            String key = Optional.ofNullable(loaded.get(name)).or(() -> keys.fromEnvironment(name))
                    .orElseGet(() -> name.toLowerCase(Locale.ROOT).replace('_', '.'));
            merged.setProperty(key, value);
            origins.put(key, "environment variable " + name);
        });
    }

    static String environmentName(String key) {
        return SettingsKeys.environmentName(key);
    }
    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
