package io.strata.dynamodb;

import io.strata.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * How a restore with {@code --import} waits for DynamoDB's ImportTable ({@code strata.dynamodb.import-*}),
 * declared and read here.
 *
 * @param pollInterval between two DescribeImport calls
 * @param timeout      how long one import may stay IN_PROGRESS before the restore gives up (the import
 *                     itself goes on in AWS: the message says so)
 */
public record ImportSettings(Duration pollInterval, Duration timeout) {

    /** An hour per 100 GB is typical of ImportTable; a day covers a few TB without a setting. */
    public static final ImportSettings DEFAULT = new ImportSettings(Duration.ofSeconds(30), Duration.ofHours(24));

    static final Setting POLL_INTERVAL = Setting.duration("strata.dynamodb.import-poll-interval", "30s",
            "How often a restore with --import polls DescribeImport");
    static final Setting TIMEOUT = Setting.duration("strata.dynamodb.import-timeout", "24h",
            "How long a restore with --import waits for ImportTable to complete");

    static final List<Setting> SETTINGS = List.of(POLL_INTERVAL, TIMEOUT);

    static ImportSettings from(Properties p) {
        return new ImportSettings(POLL_INTERVAL.duration(p), TIMEOUT.duration(p));
    }
}
