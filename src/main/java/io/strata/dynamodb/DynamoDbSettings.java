package io.strata.dynamodb;

import io.strata.config.Setting;
import io.strata.service.RestoredTags;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The {@code strata.dynamodb.*} settings, declared and read here.
 *
 * @param segments     parallel Scan segments; 0 sizes them to the table (at least 4)
 * @param readRate     read capacity units per second an export may consume; 0 = unlimited
 * @param scanPageSize Scan Limit per page
 * @param writers      parallel BatchWriteItem writers of a restore
 * @param maxWriteAttempts attempts per batch of a restore before it fails
 * @param planTags     the tags plans select tables on ({@code dynamodb:tag/KEY=VALUE}): a restored table does not
 *                     carry them, or the next run of that plan would back it up as a second original
 * @param imports      how a restore with {@code --import} waits for ImportTable
 * @param slots        how many exports, restores and imports this process has in flight at once
 */
public record DynamoDbSettings(int segments, double readRate, int scanPageSize, int writers, int maxWriteAttempts,
                               List<RestoredTags.Selected> planTags, ImportSettings imports, NativeSlots slots) {

    public DynamoDbSettings {
        planTags = List.copyOf(planTags);
    }

    public DynamoDbSettings(int segments, double readRate, int scanPageSize, int writers, int maxWriteAttempts,
                            List<RestoredTags.Selected> planTags) {
        this(segments, readRate, scanPageSize, writers, maxWriteAttempts, planTags, ImportSettings.DEFAULT,
                NativeSlots.defaults());
    }

    /** Settings without plans (a test's, a benchmark's): no tag is left off a restored table. */
    public DynamoDbSettings(int segments, double readRate, int scanPageSize, int writers, int maxWriteAttempts) {
        this(segments, readRate, scanPageSize, writers, maxWriteAttempts, List.of());
    }

    static final Setting SEGMENTS = Setting.whole("strata.dynamodb.segments", 0, 0, 1_000_000,
            "Parallel Scan segments per export; 0 sizes them to the table (one per 2 GiB, at least 4)");
    static final Setting READ_RATE = Setting.decimal("strata.dynamodb.read-rate", "0",
            "Read capacity units per second an export may consume; 0 = unlimited");
    static final Setting SCAN_PAGE_SIZE = Setting.whole("strata.dynamodb.scan-page-size", 1000, 1, 1_000_000,
            "Items per Scan page (Limit)");
    static final Setting WRITERS = Setting.whole("strata.dynamodb.writers", 8, 1, 1024,
            "Parallel BatchWriteItem writers of a restore");
    static final Setting MAX_WRITE_ATTEMPTS = Setting.whole("strata.dynamodb.max-write-attempts", 12, 1, 1000,
            "Attempts per batch of a restore before it fails");

    /** What DynamoDB's export and restore read. */
    public static final List<Setting> SETTINGS = Stream.concat(
            Stream.of(SEGMENTS, READ_RATE, SCAN_PAGE_SIZE, WRITERS, MAX_WRITE_ATTEMPTS),
            Stream.concat(ImportSettings.SETTINGS.stream(), NativeSlots.SETTINGS.stream())).toList();

    public static DynamoDbSettings from(Properties p) {
        return new DynamoDbSettings(SEGMENTS.integer(p), READ_RATE.decimal(p), SCAN_PAGE_SIZE.integer(p),
                WRITERS.integer(p), MAX_WRITE_ATTEMPTS.integer(p), RestoredTags.selectedBy(p, DynamoDbService.NAME),
                ImportSettings.from(p), NativeSlots.from(p));
    }
}
