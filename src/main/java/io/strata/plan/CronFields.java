package io.strata.plan;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range checks Quartz's {@code CronExpression} leaves out. Quartz accepts {@code 0 0 99 * * ?}
 * and fires it every hour, a year of 3000 that never comes, or {@code 0#2} as a Saturday; a
 * backup schedule must fail at start-up instead. Each field must use a form Quartz documents
 * with every number inside the field's range. Run it after Quartz's own validation, which
 * already names syntax errors.
 */
final class CronFields {

    private enum Kind { PLAIN, DAY_OF_MONTH, DAY_OF_WEEK }

    private record Field(String name, int min, int max, List<String> names, Kind kind, String forms) {

        String range() {
            String numbers = min + "-" + max;
            return names.isEmpty() ? numbers : numbers + " or " + names.get(0) + "-" + names.get(names.size() - 1);
        }
    }

    private static final String PLAIN_FORMS = "a, a-b, a/n, a-b/n, */n, *, a,b";
    private static final List<Field> FIELDS = List.of(
            new Field("seconds", 0, 59, List.of(), Kind.PLAIN, PLAIN_FORMS),
            new Field("minutes", 0, 59, List.of(), Kind.PLAIN, PLAIN_FORMS),
            new Field("hours", 0, 23, List.of(), Kind.PLAIN, PLAIN_FORMS),
            new Field("day-of-month", 1, 31, List.of(), Kind.DAY_OF_MONTH, PLAIN_FORMS + ", ?, L, L-n, aW, LW"),
            new Field("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                    "NOV", "DEC"), Kind.PLAIN, PLAIN_FORMS),
            new Field("day-of-week", 1, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), Kind.DAY_OF_WEEK,
                    PLAIN_FORMS + ", ?, L, aL, a#k"),
            new Field("year", 1970, 2099, List.of(), Kind.PLAIN, PLAIN_FORMS));

    /** {@code a}, {@code a-b} or {@code *}, optionally {@code /n}; a range may wrap (22-2), as Quartz reads it. */
    private static final Pattern STEP = Pattern.compile("(\\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:/([0-9]+))?");
    private static final Pattern LAST_DAY = Pattern.compile("L(?:-([0-9]+))?W?");
    private static final Pattern NEAREST_WEEKDAY = Pattern.compile("([0-9]+)W");
    private static final Pattern LAST_SUCH_DAY = Pattern.compile("([A-Z0-9]+)L");
    private static final Pattern NTH_SUCH_DAY = Pattern.compile("([A-Z0-9]+)#([0-9]+)");

    private CronFields() {
    }

    /** @throws IllegalArgumentException naming the field and the bad value, e.g. "hours must be 0-23, not 99" */
    static void check(String cron) {
        String[] fields = cron.trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (fields.length < 6 || fields.length > 7) {
            throw new IllegalArgumentException("expected 6 or 7 fields, found " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            for (String item : fields[i].split(",", -1)) {
                checkItem(FIELDS.get(i), item);
            }
        }
    }

    private static void checkItem(Field field, String item) {
        if (item.equals("*") || item.equals("?") && field.kind() != Kind.PLAIN) {
            return;
        }
        if (field.kind() == Kind.DAY_OF_MONTH && dayOfMonthSpecial(field, item)
                || field.kind() == Kind.DAY_OF_WEEK && dayOfWeekSpecial(field, item)) {
            return;
        }
        Matcher step = STEP.matcher(item);
        if (!step.matches()) {
            throw new IllegalArgumentException(field.name() + " '" + item + "' is not a Quartz form: use "
                    + field.forms() + " with a, b in " + field.range());
        }
        if (!step.group(1).equals("*")) {
            for (String end : step.group(1).split("-")) {
                value(field, end);
            }
        }
        if (step.group(2) != null) {
            number(step.group(2), 1, field.max() - field.min(), field.name() + " increment");
        }
    }

    /** L (last day), L-n (n days before it), LW / L-nW (the weekday nearest to it), aW. */
    private static boolean dayOfMonthSpecial(Field field, String item) {
        Matcher last = LAST_DAY.matcher(item);
        if (last.matches()) {
            if (last.group(1) != null) {
                number(last.group(1), 0, 30, "day-of-month offset in L-n");
            }
            return true;
        }
        Matcher weekday = NEAREST_WEEKDAY.matcher(item);
        if (weekday.matches()) {
            value(field, weekday.group(1));
            return true;
        }
        return false;
    }

    /** L (Saturday), aL (the month's last such day), a#k (its k-th). */
    private static boolean dayOfWeekSpecial(Field field, String item) {
        if (item.equals("L")) {
            return true;
        }
        Matcher last = LAST_SUCH_DAY.matcher(item);
        if (last.matches()) {
            value(field, last.group(1));
            return true;
        }
        Matcher nth = NTH_SUCH_DAY.matcher(item);
        if (nth.matches()) {
            value(field, nth.group(1));
            number(nth.group(2), 1, 5, "day-of-week occurrence after #");
            return true;
        }
        return false;
    }

    private static void value(Field field, String text) {
        if (field.names().contains(text)) {
            return;
        }
        if (!within(text, field.min(), field.max())) {
            throw new IllegalArgumentException(field.name() + " must be " + field.range() + ", not " + text);
        }
    }

    private static void number(String text, int min, int max, String what) {
        if (!within(text, min, max)) {
            throw new IllegalArgumentException(what + " must be " + min + "-" + max + ", not " + text);
        }
    }

    private static boolean within(String text, int min, int max) {
        return text.matches("[0-9]{1,9}") && Integer.parseInt(text) >= min && Integer.parseInt(text) <= max;
    }
}
