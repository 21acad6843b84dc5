package io.strata.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes one batch of up to 25 items with BatchWriteItem, resending UnprocessedItems and throttled
 * calls with exponential backoff and full jitter (as AWS recommends), until every item is written or
 * the attempts run out. Never drops an item silently: it returns how many were not written.
 */
public final class BatchWriter {

    public static final int MAX_BATCH = 25;
    private static final long BASE_DELAY_MS = 25;
    private static final long MAX_DELAY_MS = 5_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int maxAttempts;

    public BatchWriter(DynamoDbClient dynamoDb, String table, int maxAttempts) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.maxAttempts = maxAttempts;
    }

    /** Returns the number of items still unwritten after the last attempt (0 on success). */
    public int write(List<WriteRequest> batch) throws InterruptedException {
        List<WriteRequest> pending = batch;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                backoff(attempt - 1);
            }
            List<WriteRequest> sending = pending;
            BatchWriteItemResponse response;
            try {
                response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, sending)));
            } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
                continue;
            } catch (DynamoDbException e) {
                if (isThrottling(e)) {
                    continue;
                }
                throw e;
            }
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (unprocessed.isEmpty()) {
                return 0;
            }
            pending = unprocessed;
        }
        return pending.size();
    }

    private static boolean isThrottling(DynamoDbException e) {
        return e.awsErrorDetails() != null && "ThrottlingException".equals(e.awsErrorDetails().errorCode());
    }

    private static void backoff(int retry) throws InterruptedException {
        long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(retry, 20));
        Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
