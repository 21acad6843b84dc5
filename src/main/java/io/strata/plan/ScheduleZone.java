package io.strata.plan;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The time zone every cron expression is read in ({@code strata.schedule.time-zone}, default UTC).
 * Quartz reads a cron in the JVM's zone unless its trigger is given one: without this, a machine
 * in New York ran the "03:00 UTC" archive pass at 08:00 UTC.
 */
public record ScheduleZone(ZoneId zone) {

    public static final String KEY = "strata.schedule.time-zone";
    static final Setting SETTING = new Setting(KEY, "UTC", SettingType.described("zone ID or offset"),
            "Time zone every cron is read in (Europe/Berlin follows its daylight saving time, +05:30)");
    public static final ScheduleZone UTC = new ScheduleZone(ZoneId.of("UTC"));

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss VV");

    public static ScheduleZone from(Properties properties) {
        String value = SettingValues.text(properties, KEY, "");
        if (value.isEmpty() || value.equals(SETTING.defaultValue())) {
            return UTC;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new SettingsException(KEY + " must be a time zone such as UTC or Europe/Berlin, not '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
        ScheduleZone parsed = new ScheduleZone(zone);
        // java.util.TimeZone (what Quartz takes) reads an unknown ID as GMT without a word: refuse what it would misread.
        if (!TimeZone.getTimeZone(parsed.quartzId()).toZoneId().getRules().equals(zone.getRules())) {
            throw new SettingsException(KEY + " must be a time zone such as UTC or Europe/Berlin, not '" + value
                    + "' (Quartz does not know it)");
        }
        return parsed;
    }

    /** The ID {@link TimeZone#getTimeZone(String)} reads as this zone: offsets as {@code GMT+05:30}. */
    public String quartzId() {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : "GMT" + offset.getId();
        }
        return zone.getId();
    }

    /** An instant as a person reads it in this zone, zone named: {@code 2026-11-23 02:00:00 UTC}. */
    public String show(Instant instant) {
        return SHOWN.format(instant.atZone(zone));
    }

    @Override
    public String toString() {
        return zone.getId();
    }
}
