package io.strata.dynamodb;

import io.strata.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The settings of DynamoDB's own backup calls (on-demand backups, point-in-time recovery and the restores
 * from both), declared and read here.
 *
 * @param pollInterval   how often a backup or a restored table is polled
 * @param backupTimeout  how long a backup may stay CREATING before the attempt fails
 * @param restoreTimeout how long a restored table may take to become ACTIVE
 * @param pitrDays       the recovery period {@code ensure-pitr} turns PITR on with (1–35 days, as AWS allows)
 */
public record NativeSettings(Duration pollInterval, Duration backupTimeout, Duration restoreTimeout, int pitrDays) {

    static final Setting POLL_INTERVAL = Setting.duration("strata.dynamodb.backup-poll-interval", "10s",
            "How often an on-demand backup (CreateBackup) and a restored table are polled");
    static final Setting BACKUP_TIMEOUT = Setting.duration("strata.dynamodb.backup-timeout", "4h",
            "How long an on-demand backup may stay CREATING before the attempt fails (the backup is then deleted)");
    static final Setting RESTORE_TIMEOUT = Setting.duration("strata.dynamodb.restore-timeout", "12h",
            "How long a table restored from a backup or a point in time may take to become ACTIVE");
    static final Setting PITR_DAYS = Setting.whole("strata.dynamodb.pitr-days", 35, 1, 35,
            "Recovery period (days) of the point-in-time recovery a plan's dynamodb.ensure-pitr turns on");

    /** What DynamoDB's native backups and restores read. */
    public static final List<Setting> SETTINGS = List.of(POLL_INTERVAL, BACKUP_TIMEOUT, RESTORE_TIMEOUT, PITR_DAYS);

    public static NativeSettings from(Properties p) {
        return new NativeSettings(POLL_INTERVAL.duration(p), BACKUP_TIMEOUT.duration(p), RESTORE_TIMEOUT.duration(p),
                PITR_DAYS.integer(p));
    }

    /** The defaults (tests, benchmarks). */
    public static NativeSettings defaults() {
        return from(new Properties());
    }
}
