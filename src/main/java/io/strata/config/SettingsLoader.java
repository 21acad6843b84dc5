package io.strata.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layers the configuration sources, later ones winning: {@code application.properties} in the
 * Strata home, an optional {@code --config} file, environment variables ({@code STRATA_AWS_ENDPOINT}
 * for {@code strata.aws.endpoint}, Camel's convention, for every key in {@link SettingsKeys} or
 * already loaded) and system properties ({@code -Dkey=value}).
 */
public final class SettingsLoader {

    private final Map<String, String> environment;
    private final Properties systemProperties;

    public SettingsLoader(Map<String, String> environment, Properties systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    public static SettingsLoader fromProcess() {
        return new SettingsLoader(System.getenv(), System.getProperties());
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
                .forEach(key -> merged.setProperty(key, systemProperties.getProperty(key)));
        return merged;
    }

    /**
     * Every loaded or documented key takes its variable ({@code STRATA_VAULT_BUCKET} for
     * {@code strata.vault.bucket}); {@code STRATA_PLAN_<NAME>_<ATTRIBUTE>} declares plan attributes
     * from the environment alone. Any other variable is ignored: the environment invents no key.
     */
    private void applyEnvironment(Properties merged) {
        Set<String> keys = new TreeSet<>(merged.stringPropertyNames());
        keys.addAll(SettingsKeys.GLOBAL);
        Set<String> applied = new HashSet<>();
        for (String key : keys) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                merged.setProperty(key, value);
                applied.add(environmentName(key));
            }
        }
        environment.forEach((name, value) -> {
            if (!applied.contains(name)) {
                planKey(name).ifPresent(key -> merged.setProperty(key, value));
            }
        });
    }

    /**
     * {@code STRATA_PLAN_NIGHTLY_BATCH_TIERING_MODE} -> {@code strata.plan.nightly-batch.tiering-mode}.
     * Underscores serve both the plan name and the attribute, so the longest documented attribute
     * the name ends with wins and the rest is the plan.
     */
    static Optional<String> planKey(String environmentName) {
        String prefix = environmentName(SettingsKeys.PLAN_PREFIX);
        if (!environmentName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = environmentName.substring(prefix.length());
        return SettingsKeys.PLAN_ATTRIBUTES.stream()
                .filter(attribute -> rest.endsWith("_" + environmentName(attribute))
                        && rest.length() > environmentName(attribute).length() + 1)
                .max(Comparator.comparingInt(String::length))
                .map(attribute -> {
                    String plan = rest.substring(0, rest.length() - environmentName(attribute).length() - 1);
                    return SettingsKeys.PLAN_PREFIX + plan.toLowerCase(Locale.ROOT).replace('_', '-') + "." + attribute;
                });
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
