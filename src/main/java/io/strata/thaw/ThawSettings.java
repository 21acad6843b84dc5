package io.strata.thaw;

import io.strata.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * How a restore or verify waits for archived objects: {@code strata.archive.restore-poll-interval}
 * (default 5m) between looks at {@code x-amz-restore}, and at most {@code strata.archive.restore-timeout}
 * (default 60h: the slowest retrieval AWS documents, Bulk from DEEP_ARCHIVE, takes up to 48 h).
 */
public record ThawSettings(Duration pollInterval, Duration timeout) {

    public static final String POLL_INTERVAL = "strata.archive.restore-poll-interval";
    public static final String TIMEOUT = "strata.archive.restore-timeout";
    static final Setting POLL_INTERVAL_SETTING = Setting.duration(POLL_INTERVAL, "5m",
            "How often x-amz-restore is looked at while archived objects are restored for a restore or verify");
    static final Setting TIMEOUT_SETTING = Setting.duration(TIMEOUT, "60h",
            "How long restoring archived objects may take in all (Bulk from DEEP_ARCHIVE: up to 48 h)");

    public static final List<Setting> SETTINGS = List.of(POLL_INTERVAL_SETTING, TIMEOUT_SETTING);

    public static final ThawSettings DEFAULT = new ThawSettings(Duration.ofMinutes(5), Duration.ofHours(60));

    public static ThawSettings from(Properties p) {
        return new ThawSettings(POLL_INTERVAL_SETTING.duration(p), TIMEOUT_SETTING.duration(p));
    }
}
