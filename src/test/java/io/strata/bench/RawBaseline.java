package io.strata.bench;

import io.strata.dynamodb.BatchWriter;
import io.strata.dynamodb.ScanPages;
import io.strata.dynamodb.TableCreator;
import io.strata.dynamodb.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The endpoint's own limits, with the same segments and writers as Strata: a counting Scan and a plain BatchWriteItem. */
final class RawBaseline {

    private RawBaseline() {
    }

    static void createTable(DynamoDbClient dynamoDb, String table) {
        new TableCreator(dynamoDb).create(table, TableSchema.fromKeys(table, "pk:S,sk:N"));
    }

    /** Parallel Scan that only counts; {@code Limit} 1000 because DynamoDB Local's unlimited pages are quadratic. */
    static double scan(DynamoDbClient dynamoDb, String table, int segments, long expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int segment = s;
            futures.add(pool.submit(() -> {
                Map<String, AttributeValue> from = null;
                do {
                    Map<String, AttributeValue> startKey = from;
                    var page = dynamoDb.scan(r -> r.tableName(table).segment(segment).totalSegments(segments)
                            .limit(1000).exclusiveStartKey(startKey));
                    count.addAndGet(page.count());
                    from = ScanPages.next(page);
                } while (from != null);
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double rate = count.get() / seconds(start);
        pool.shutdown();
        check(count.get(), expected, "raw scan");
        return rate;
    }

    /** BatchWriteItem of 25 generated items from {@code writers} threads. */
    static double write(DynamoDbClient dynamoDb, String table, long items, int writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                BatchWriter writer = new BatchWriter(dynamoDb, table, 12);
                long first;
                while ((first = next.getAndAdd(BatchWriter.MAX_BATCH)) < items) {
                    List<WriteRequest> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
                    for (long i = first; i < Math.min(items, first + BatchWriter.MAX_BATCH); i++) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(BenchItems.item(i)).build()).build());
                    }
                    if (writer.write(batch) != 0) {
                        throw new IllegalStateException("raw write lost items");
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return items / seconds(start);
    }

    static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " saw " + actual + " items, expected " + expected);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
