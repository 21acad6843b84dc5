package io.strata.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers the configuration sources, later ones winning: {@code application.properties} in the
 * Strata home, an optional {@code --config} file, environment variables ({@code STRATA_AWS_ENDPOINT}
 * for {@code strata.aws.endpoint}, Camel's convention) and system properties ({@code -Dkey=value}).
 */
public final class SettingsLoader {

    private static final Pattern PLAN_ENV = Pattern.compile(
            "STRATA_PLAN_([A-Z0-9_]+?)_(CRON|RESOURCES|RETENTION|TIERING|COPY_TO_REGION)");

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

    private void applyEnvironment(Properties merged) {
        for (String key : merged.stringPropertyNames()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                merged.setProperty(key, value);
            }
        }
        // Plans may be declared by environment alone: STRATA_PLAN_NIGHTLY_CRON -> strata.plan.nightly.cron
        environment.forEach((name, value) -> {
            Matcher plan = PLAN_ENV.matcher(name);
            if (plan.matches()) {
                String planName = plan.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                String attribute = plan.group(2).toLowerCase(Locale.ROOT).replace('_', '-');
                merged.setProperty("strata.plan." + planName + "." + attribute, value);
            }
        });
        for (String key : new String[] {"strata.aws.endpoint", "strata.aws.region", "strata.local"}) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                merged.setProperty(key, value);
            }
        }
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
