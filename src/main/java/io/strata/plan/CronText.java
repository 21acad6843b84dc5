package io.strata.plan;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A plan's Quartz cron as a person reads it ({@code strata plans}): the common shapes in words (every day at
 * 02:00, on Sunday at 03:00, every 15 minutes), anything else field by field; and its next fire times, read in the
 * schedule zone as Quartz reads them.
 */
public final class CronText {

    private static final Map<String, String> DAYS = Map.ofEntries(Map.entry("1", "Sunday"), Map.entry("2", "Monday"),
            Map.entry("3", "Tuesday"), Map.entry("4", "Wednesday"), Map.entry("5", "Thursday"), Map.entry("6", "Friday"),
            Map.entry("7", "Saturday"), Map.entry("SUN", "Sunday"), Map.entry("MON", "Monday"),
            Map.entry("TUE", "Tuesday"), Map.entry("WED", "Wednesday"), Map.entry("THU", "Thursday"),
            Map.entry("FRI", "Friday"), Map.entry("SAT", "Saturday"));

    private CronText() {
    }

    /** {@code 0 0 2 * * ?} → {@code every day at 02:00}; shapes not known here are spelled out field by field. */
    public static String words(String cron) {
        String[] f = cron.trim().split("\\s+");
        if (f.length < 6 || (f.length == 7 && !f[6].equals("*"))) {
            return fields(f);
        }
        boolean everyDay = any(f[3]) && f[4].equals("*") && any(f[5]);
        boolean timeFixed = number(f[0]) && number(f[1]) && number(f[2]);
        if (timeFixed && everyDay) {
            return "every day at " + time(f);
        }
        if (timeFixed && any(f[3]) && f[4].equals("*") && days(f[5]) != null) {
            return "every " + days(f[5]) + " at " + time(f);
        }
        if (timeFixed && number(f[3]) && f[4].equals("*") && any(f[5])) {
            return "on day " + f[3] + " of every month at " + time(f);
        }
        if (everyDay && number(f[0]) && number(f[1]) && f[2].equals("*")) {
            return "every hour at minute " + Integer.parseInt(f[1]);
        }
        if (everyDay && number(f[0]) && (f[1].startsWith("0/") || f[1].startsWith("*/"))) {
            return f[2].equals("*") ? "every " + f[1].substring(2) + " minutes" : fields(f);
        }
        if (everyDay && number(f[0]) && f[1].equals("*") && f[2].equals("*")) {
            return "every minute";
        }
        if (everyDay && f[0].equals("*") && f[1].equals("*") && f[2].equals("*")) {
            return "every second";
        }
        return fields(f);
    }

    /** The next {@code count} fire times after {@code after}, the cron read in {@code zone}. */
    public static List<Instant> next(String cron, ScheduleZone zone, Instant after, int count) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a Quartz cron: " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone.quartzId()));
        List<Instant> times = new ArrayList<>();
        Date from = Date.from(after);
        for (int i = 0; i < count; i++) {
            Date next = expression.getNextValidTimeAfter(from);
            if (next == null) {
                break;
            }
            times.add(next.toInstant());
            from = next;
        }
        return times;
    }

    private static String time(String[] f) {
        String time = String.format("%02d:%02d", Integer.parseInt(f[2]), Integer.parseInt(f[1]));
        return Integer.parseInt(f[0]) == 0 ? time : time + String.format(":%02d", Integer.parseInt(f[0]));
    }

    /** {@code SUN}, {@code MON-FRI}, {@code 1,7} in words, or null for another shape. */
    private static String days(String field) {
        if (DAYS.containsKey(field.toUpperCase())) {
            return DAYS.get(field.toUpperCase());
        }
        String[] range = field.toUpperCase().split("-");
        if (range.length == 2 && DAYS.containsKey(range[0]) && DAYS.containsKey(range[1])) {
            return DAYS.get(range[0]) + " to " + DAYS.get(range[1]);
        }
        String[] list = field.toUpperCase().split(",");
        if (list.length > 1 && Arrays.stream(list).allMatch(DAYS::containsKey)) {
            return String.join(", ", Arrays.stream(list).map(DAYS::get).toList());
        }
        return null;
    }

    private static String fields(String[] f) {
        String[] names = {"second", "minute", "hour", "day of month", "month", "day of week", "year"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < f.length && i < names.length; i++) {
            parts.add(names[i] + " " + f[i]);
        }
        return String.join(", ", parts);
    }

    private static boolean any(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static boolean number(String field) {
        return field.matches("\\d{1,2}");
    }
}
