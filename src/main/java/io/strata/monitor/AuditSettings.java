package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingValues;
import java.time.Duration;
import java.util.Properties;

/** The thresholds {@code strata audit} holds every plan to (AWS Backup Audit Manager's defaults). */
public record AuditSettings(Duration minFrequency, Duration minRetention) {

    static final Setting MIN_FREQUENCY = Setting.duration("strata.audit.min-frequency", "P1D",
            "strata audit: each plan's cron must fire at least this often");
    static final Setting MIN_RETENTION = Setting.duration("strata.audit.min-retention", "P35D",
            "strata audit: each plan's retention must keep recovery points at least this long");
    /** How recent the last successful restore test of each resource must be. */
    public static final Duration RESTORE_TEST_WITHIN = Duration.ofDays(31);

    public static AuditSettings from(Properties p) {
        return new AuditSettings(MIN_FREQUENCY.duration(p), MIN_RETENTION.duration(p));
    }
}
