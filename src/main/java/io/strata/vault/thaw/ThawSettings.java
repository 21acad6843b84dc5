package io.strata.vault.thaw;

import io.strata.config.SettingValues;
import java.time.Duration;
import java.util.Properties;

/**
 * How a restore or verify waits for archived objects: {@code strata.archive.restore-poll-interval}
 * (default 5m) between looks at {@code x-amz-restore}, and at most {@code strata.archive.restore-timeout}
 * (default 60h: the slowest retrieval AWS documents, Bulk from DEEP_ARCHIVE, takes up to 48 h).
 */
public record ThawSettings(Duration pollInterval, Duration timeout) {

    public static final String POLL_INTERVAL = "strata.archive.restore-poll-interval";
    public static final String TIMEOUT = "strata.archive.restore-timeout";
    public static final ThawSettings DEFAULT = new ThawSettings(Duration.ofMinutes(5), Duration.ofHours(60));

    public static ThawSettings from(Properties p) {
        return new ThawSettings(SettingValues.duration(p, POLL_INTERVAL, "5m"),
                SettingValues.duration(p, TIMEOUT, "60h"));
    }
}
