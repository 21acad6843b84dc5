package io.strata.config;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One setting as the component that reads it declares it: its key, its default, the values it takes
 * and one line of help; the component reads it through this declaration, so default and validation
 * are written once. A key may hold one {@code <placeholder>} segment ({@code strata.plan.<plan>.cron},
 * {@code strata.rds.copy-kms-key-id.<region>}) standing for one dot-free name. The settings check
 * accepts only declared keys, and the README table and {@code application.properties} are checked
 * against the declarations, so what is read, what is accepted and what is documented cannot drift apart.
 *
 * @param key          the key, or a key pattern with one {@code <placeholder>}
 * @param defaultValue the value when it is not set, as a user would write it; empty for none
 * @param values       what it takes, checked on every read
 * @param help         one line: what it does
 */
public record Setting(String key, String defaultValue, SettingType values, String help) {

    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>");
    /** What a placeholder stands for: one segment of a key, as plan names are written. */
    private static final String SEGMENT = "[A-Za-z0-9_-]+";

    public Setting {
        if (PLACEHOLDER.matcher(key).results().count() > 1) {
            throw new IllegalArgumentException("at most one <placeholder> in " + key);
        }
    }

    public static Setting text(String key, String defaultValue, String help) {
        return new Setting(key, defaultValue, SettingType.TEXT, help);
    }

    public static Setting flag(String key, boolean defaultValue, String help) {
        return new Setting(key, String.valueOf(defaultValue), SettingType.FLAG, help);
    }

    public static Setting whole(String key, int defaultValue, int min, int max, String help) {
        return new Setting(key, String.valueOf(defaultValue), SettingType.whole(min, max), help);
    }

    public static Setting decimal(String key, String defaultValue, String help) {
        return new Setting(key, defaultValue, SettingType.DECIMAL, help);
    }

    public static Setting duration(String key, String defaultValue, String help) {
        return new Setting(key, defaultValue, SettingType.DURATION, help);
    }

    /** A plan attribute: {@code strata.plan.<plan>.<attribute>}. */
    public static Setting planAttribute(String attribute, String defaultValue, SettingType values, String help) {
        return new Setting(SettingsKeys.PLAN_PREFIX + "<plan>." + attribute, defaultValue, values, help);
    }

    /** Whether the key holds a {@code <placeholder>}. */
    public boolean isPattern() {
        return PLACEHOLDER.matcher(key).find();
    }

    /** The part of a plan attribute's key after {@code strata.plan.<plan>.}; empty for any other setting. */
    public String planAttribute() {
        String prefix = SettingsKeys.PLAN_PREFIX + "<plan>.";
        return key.startsWith(prefix) ? key.substring(prefix.length()) : "";
    }

    /** Whether {@code candidate} is this key, or an instance of this pattern. */
    public boolean matches(String candidate) {
        return isPattern() ? regex().matcher(candidate).matches() : key.equals(candidate);
    }

    /** The key with its placeholder filled in: {@code strata.plan.<plan>.cron} with {@code nightly}. */
    public String key(String name) {
        return PLACEHOLDER.matcher(key).replaceFirst(name);
    }

    /** What the placeholder stands for in {@code candidate}, an instance of this pattern. */
    public String placeholderIn(String candidate) {
        String[] parts = around();
        return candidate.substring(parts[0].length(), candidate.length() - parts[1].length());
    }

    /** Dot-separated segments before the placeholder; -1 for a fixed key. */
    int placeholderSegment() {
        int at = key.indexOf('<');
        return at < 0 ? -1 : (int) key.substring(0, at).chars().filter(c -> c == '.').count();
    }

    /** The text before and after the placeholder; the whole key and "" for a fixed key. */
    String[] around() {
        String[] parts = PLACEHOLDER.split(key, -1);
        return parts.length == 2 ? parts : new String[] {key, ""};
    }

    private Pattern regex() {
        String[] parts = around();
        return Pattern.compile(Pattern.quote(parts[0]) + SEGMENT + Pattern.quote(parts[1]));
    }

    /** Fails naming {@code actualKey} unless its value in {@code p} is one this setting takes. */
    public void check(Properties p, String actualKey) {
        if (defaultValue.isEmpty() && p.getProperty(actualKey, "").isBlank()) {
            return; // set to nothing: as if unset
        }
        values.check(p, actualKey, defaultValue);
    }

    // Reads of a fixed key (or, with a name, of one instance of a pattern) with the declared default.

    public String text(Properties p) {
        return SettingValues.text(p, key, defaultValue);
    }

    public boolean bool(Properties p) {
        return bool(p, key);
    }

    public boolean bool(Properties p, String actualKey) {
        return SettingValues.bool(p, actualKey, Boolean.parseBoolean(defaultValue));
    }

    public int integer(Properties p) {
        SettingType.Whole range = (SettingType.Whole) values;
        int fallback = defaultValue.isEmpty() ? range.min() : Integer.parseInt(defaultValue);
        return SettingValues.integer(p, key, fallback, range.min(), range.max());
    }

    public double decimal(Properties p) {
        return SettingValues.decimal(p, key, Double.parseDouble(defaultValue));
    }

    public Duration duration(Properties p) {
        return SettingValues.duration(p, key, defaultValue);
    }

    public List<String> regions(Properties p, String actualKey) {
        return SettingValues.regions(p, actualKey);
    }
}
