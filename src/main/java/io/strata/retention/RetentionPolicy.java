package io.strata.retention;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grandfather-father-son counts and/or a maximum age, as {@code strata.plan.<name>.retention}
 * writes them: {@code daily=7,weekly=4,monthly=12,yearly=7} or {@code max-age=400d}. A recovery
 * point is kept while any rule keeps it; {@link GfsRetention} applies the rules.
 */
public record RetentionPolicy(int daily, int weekly, int monthly, int yearly, Optional<Duration> maxAge) {

    private static final Pattern RULE = Pattern.compile("(daily|weekly|monthly|yearly|max-age)=(\\d+)(d?)");

    /** Parses the setting's value; the message names the rule that is wrong and what is expected. */
    public static RetentionPolicy parse(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Duration maxAge = null;
        for (String part : text.split(",")) {
            String rule = part.trim();
            Matcher matcher = RULE.matcher(rule);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("'" + rule + "' is not a retention rule: expected daily=N, weekly=N, "
                        + "monthly=N, yearly=N or max-age=Nd, e.g. daily=7,weekly=4,monthly=12,yearly=7");
            }
            String name = matcher.group(1);
            long value = Long.parseLong(matcher.group(2));
            boolean days = !matcher.group(3).isEmpty();
            if (counts.containsKey(name) || (name.equals("max-age") && maxAge != null)) {
                throw new IllegalArgumentException("'" + name + "' is given twice");
            }
            if (name.equals("max-age")) {
                if (!days || value < 1 || value > 36_500) {
                    throw new IllegalArgumentException("max-age must be days from 1d to 36500d, e.g. max-age=400d, not '"
                            + rule + "'");
                }
                maxAge = Duration.ofDays(value);
            } else {
                if (days || value < 1 || value > 10_000) {
                    throw new IllegalArgumentException(name + " must be a count from 1 to 10000, not '" + rule + "'");
                }
                counts.put(name, (int) value);
            }
        }
        return new RetentionPolicy(counts.getOrDefault("daily", 0), counts.getOrDefault("weekly", 0),
                counts.getOrDefault("monthly", 0), counts.getOrDefault("yearly", 0), Optional.ofNullable(maxAge));
    }

    /**
     * The longest any single rule can keep a recovery point, rule by rule, in days: a count of
     * periods of the nominal length (30-day months, 365-day years). What the early-deletion check
     * compares with the tiering steps.
     */
    public Map<String, Long> horizonsInDays() {
        Map<String, Long> horizons = new LinkedHashMap<>();
        if (daily > 0) {
            horizons.put("daily=" + daily, (long) daily);
        }
        if (weekly > 0) {
            horizons.put("weekly=" + weekly, 7L * weekly);
        }
        if (monthly > 0) {
            horizons.put("monthly=" + monthly, 30L * monthly);
        }
        if (yearly > 0) {
            horizons.put("yearly=" + yearly, 365L * yearly);
        }
        maxAge.ifPresent(age -> horizons.put("max-age=" + age.toDays() + "d", age.toDays()));
        return horizons;
    }

    /**
     * The soonest a recovery point that a rule keeps can lose it, rule by rule, in days (same keys as
     * {@link #horizonsInDays()}): the last backup of a period goes when the period {@code N} later
     * begins, so {@code monthly=N} keeps a month's last backup only N-1 months (at least 30 days a
     * month, 28 for a February), {@code weekly=N} 7(N-1) days, {@code daily=N} N-1 days.
     */
    public Map<String, Long> shortestInDays() {
        Map<String, Long> shortest = new LinkedHashMap<>();
        if (daily > 0) {
            shortest.put("daily=" + daily, daily - 1L);
        }
        if (weekly > 0) {
            shortest.put("weekly=" + weekly, 7L * (weekly - 1));
        }
        if (monthly > 0) {
            long months = monthly - 1L;
            shortest.put("monthly=" + monthly, 30 * months - 2 * ((months + 11) / 12));
        }
        if (yearly > 0) {
            shortest.put("yearly=" + yearly, 365L * (yearly - 1));
        }
        maxAge.ifPresent(age -> shortest.put("max-age=" + age.toDays() + "d", age.toDays()));
        return shortest;
    }

    @Override
    public String toString() {
        return String.join(",", horizonsInDays().keySet());
    }
}
