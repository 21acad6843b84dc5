package io.strata.config;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** The values a {@link Setting} takes, checked on every read; shown in the README's settings table. */
public sealed interface SettingType {

    SettingType TEXT = new Text("text");
    SettingType FLAG = new Flag();
    SettingType DECIMAL = new Decimal();
    SettingType DURATION = new Span();
    SettingType REGIONS = new Regions();

    static SettingType whole(int min, int max) {
        return new Whole(min, max);
    }

    /** Free text whose reader checks it (a cron, a selector list, a KMS key), described for the table. */
    static SettingType described(String description) {
        return new Text(description);
    }

    /** One word of a fixed list ({@code scan, native-export}), as written. */
    static SettingType oneOf(String... words) {
        return new Choice(List.of(words));
    }

    /** A duration from {@code min} to {@code max}, inclusive ({@code PT15M}…{@code PT24H}); described as {@code describe}. */
    static SettingType durationWithin(Duration min, Duration max, String describe) {
        return new SpanWithin(min, max, describe);
    }

    /** How the README table describes the values. */
    String describe();

    /** Fails naming {@code key} unless its value is one this type takes; an unset key takes the default. */
    void check(Properties p, String key, String defaultValue);

    record Text(String describe) implements SettingType {
        @Override
        public void check(Properties p, String key, String defaultValue) {
            // its reader checks it: the text alone says nothing wrong
        }
    }

    record Flag() implements SettingType {
        @Override
        public String describe() {
            return "true, false";
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            SettingValues.bool(p, key, Boolean.parseBoolean(defaultValue));
        }
    }

    record Whole(int min, int max) implements SettingType {
        @Override
        public String describe() {
            return min + "–" + max;
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            SettingValues.integer(p, key, defaultValue.isEmpty() ? min : Integer.parseInt(defaultValue), min, max);
        }
    }

    record Decimal() implements SettingType {
        @Override
        public String describe() {
            return "a number ≥ 0";
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            SettingValues.decimal(p, key, Double.parseDouble(defaultValue));
        }
    }

    record Span() implements SettingType {
        @Override
        public String describe() {
            return "duration (500ms, 15s, 30m, 4h, PT15S)";
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            SettingValues.duration(p, key, defaultValue);
        }
    }

    record SpanWithin(Duration min, Duration max, String describe) implements SettingType {
        @Override
        public void check(Properties p, String key, String defaultValue) {
            Duration value = SettingValues.duration(p, key, defaultValue);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new SettingsException(key + " must be " + describe + ", not '" + SettingValues.text(p, key,
                        defaultValue).trim() + "'");
            }
        }
    }

    record Regions() implements SettingType {
        @Override
        public String describe() {
            return "AWS regions, comma-separated";
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            SettingValues.regions(p, key);
        }
    }

    record Choice(List<String> words) implements SettingType {
        @Override
        public String describe() {
            return String.join(", ", words);
        }

        @Override
        public void check(Properties p, String key, String defaultValue) {
            String value = SettingValues.text(p, key, defaultValue).trim();
            if (!words.contains(value)) {
                throw new SettingsException(key + " must be one of " + describe() + ", not '" + value + "'");
            }
        }
    }
}
