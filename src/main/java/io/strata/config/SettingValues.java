package io.strata.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one setting of a type, failing with a message that names the key and the bad value. */
public final class SettingValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private SettingValues() {
    }

    public static String text(Properties p, String key, String defaultValue) {
        return p.getProperty(key, defaultValue).trim();
    }

    public static boolean bool(Properties p, String key, boolean defaultValue) {
        String value = text(p, key, String.valueOf(defaultValue)).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new SettingsException(key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public static int integer(Properties p, String key, int defaultValue, int min, int max) {
        String value = text(p, key, String.valueOf(defaultValue));
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a whole number, not '" + value + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(key + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    public static double decimal(Properties p, String key, double defaultValue) {
        String value = text(p, key, String.valueOf(defaultValue));
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a number, not '" + value + "'", e);
        }
        if (parsed < 0) {
            throw new SettingsException(key + " must not be negative, not " + value);
        }
        return parsed;
    }

    /** {@code 500ms}, {@code 15s}, {@code 30m}, {@code 4h} or ISO-8601 ({@code PT15S}); positive. */
    public static Duration duration(Properties p, String key, String defaultValue) {
        String value = text(p, key, defaultValue);
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        try {
            Duration parsed;
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                parsed = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                parsed = Duration.parse(value);
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new SettingsException(key + " must be positive, not '" + value + "'");
            }
            return parsed;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new SettingsException(key + " must be a duration such as 500ms, 15s, 30m, 4h or PT15S, not '"
                    + value + "'", e);
        }
    }

    /** A comma-separated list of AWS regions ({@code us-west-2, eu-west-1}), without duplicates. */
    public static List<String> regions(Properties p, String key) {
        List<String> regions = Arrays.stream(text(p, key, "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        regions.forEach(region -> region(key, region));
        return regions;
    }

    /** Fails unless {@code value} looks like an AWS region. */
    public static String region(String key, String value) {
        if (!REGION.matcher(value).matches()) {
            throw new SettingsException(key + " must name AWS regions such as us-west-2, not '" + value + "'");
        }
        return value;
    }
}
