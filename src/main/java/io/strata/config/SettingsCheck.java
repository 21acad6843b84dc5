package io.strata.config;

import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key exists only when code reads it: every key under {@code strata.} must be declared by a
 * component, or start-up stops naming it and the nearest known key (a typo, or a feature not built
 * yet, would otherwise be a setting that is accepted and does nothing). The values of the declared
 * keys that are set are checked here too, so that a bad one stops every command, not only the one
 * that reads it.
 */
public final class SettingsCheck {

    // A plan attribute: strata.plan.<name>.<attribute>, the attribute possibly with one dot (rds.export).
    private static final Pattern PLAN_KEY = Pattern.compile(Pattern.quote(SettingsKeys.PLAN_PREFIX)
            + "([A-Za-z0-9_-]+)\\.([a-z-]+(?:\\.[a-z-]+)?)");

    private final SettingsKeys keys;

    public SettingsCheck(SettingsKeys keys) {
        this.keys = keys;
    }

    /** @param origins where a key came from when that is not its own name (an environment variable) */
    public void check(Properties properties, Map<String, String> origins) {
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(SettingsKeys.PREFIX)) {
                continue;
            }
            Setting setting = keys.find(key).orElseThrow(() -> unknown(key, origins.get(key)));
            setting.check(properties, key);
        }
    }

    private SettingsException unknown(String key, String origin) {
        String from = origin == null ? "" : " (" + origin + ")";
        String nearest = keys.nearest(key);
        Matcher plan = PLAN_KEY.matcher(key);
        if (plan.matches()) {
            return new SettingsException("Unknown plan attribute in '" + key + "'" + from + ": '" + plan.group(2)
                    + "' is none of " + String.join(", ", keys.planAttributes()) + "; did you mean " + nearest + "?");
        }
        return new SettingsException("Unknown setting '" + key + "'" + from + ": no part of Strata reads it (a typo, or "
                + "a feature not built yet); did you mean " + nearest + "?");
    }
}
