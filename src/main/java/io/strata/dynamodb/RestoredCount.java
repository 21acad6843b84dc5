package io.strata.dynamodb;

import io.strata.service.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Counts what a table holds after a restore's last write, so that a restore reports the items
 * stored, not the items sent: two items with one key are one item in the table, and only a count
 * of the table shows it. A parallel {@code Select=COUNT} Scan, segmented like the export, with
 * {@code ConsistentRead} (an eventually consistent read right after the writes may miss the last
 * ones) and a {@code Limit} per page (DynamoDB Local's Scan is quadratic in the page size without one).
 */
final class RestoredCount {

    private static final int PAGE = 1000;

    private final DynamoDbClient dynamoDb;
    private final int segments;

    RestoredCount(DynamoDbClient dynamoDb, int segments) {
        this.dynamoDb = dynamoDb;
        this.segments = Math.max(1, segments);
    }

    /**
     * Fails naming both numbers unless {@code table} holds {@code expected} items (a table the
     * restore created) or at least that many (an existing table: it may have held other items
     * before, with keys the recovery point does not have, and with --overwrite it keeps them; its
     * application may even write while the restore runs. Fewer than the recovery point's items can
     * only mean items were lost or share a key: that much is certain).
     */
    void check(String table, long expected, boolean created) {
        long held = count(table);
        if (created && held != expected) {
            throw new RestoreException("table " + table + " holds " + held + " items, the recovery point has " + expected);
        }
        if (!created && held < expected) {
            throw new RestoreException("table " + table + " holds " + held + " items, fewer than the " + expected
                    + " of the recovery point (items were lost or share a key)");
        }
    }

    long count(String table) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 16), r -> {
            Thread thread = new Thread(r, "restore-count-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int s = segment;
                counts.add(pool.submit(() -> countSegment(table, s)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("interrupted while counting the items of " + table, e);
        } catch (ExecutionException e) {
            throw new RestoreException("could not count the items of " + table + ": " + Failures.message(e.getCause()),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private long countSegment(String table, int segment) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).select(Select.COUNT).consistentRead(true)
                    .limit(PAGE).segment(segment).totalSegments(segments).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
