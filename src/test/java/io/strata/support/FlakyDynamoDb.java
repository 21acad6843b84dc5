package io.strata.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB Local never throttles nor leaves UnprocessedItems; real DynamoDB does both under load.
 * This decorator adds exactly that, as AWS documents it: some calls fail with
 * ProvisionedThroughputExceededException (nothing written), others write only part of the batch
 * and return the rest as UnprocessedItems. Everything else goes to the real client.
 */
public final class FlakyDynamoDb {

    private FlakyDynamoDb() {
    }

    /**
     * @param throttleEvery every n-th BatchWriteItem call is throttled (0 = never)
     * @param dropFraction  share of each other batch left unprocessed (1.0 = nothing is ever written)
     */
    public static DynamoDbClient wrap(DynamoDbClient real, int throttleEvery, double dropFraction, AtomicInteger calls) {
        return (DynamoDbClient) Proxy.newProxyInstance(FlakyDynamoDb.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("batchWriteItem")) {
                        BatchWriteItemRequest request = args[0] instanceof BatchWriteItemRequest r ? r
                                : BatchWriteItemRequest.builder().applyMutation(consumer(args[0])).build();
                        return batchWrite(real, request, throttleEvery, dropFraction, calls.incrementAndGet());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static Consumer<BatchWriteItemRequest.Builder> consumer(Object argument) {
        return (Consumer<BatchWriteItemRequest.Builder>) argument;
    }

    private static BatchWriteItemResponse batchWrite(DynamoDbClient real, BatchWriteItemRequest request, int throttleEvery,
                                                     double dropFraction, int call) {
        if (throttleEvery > 0 && call % throttleEvery == 0) {
            throw ProvisionedThroughputExceededException.builder().message("injected throttling").build();
        }
        String table = request.requestItems().keySet().iterator().next();
        List<WriteRequest> all = request.requestItems().get(table);
        // A partial failure always makes progress (at least one item), as DynamoDB's does.
        int keep = dropFraction >= 1.0 ? 0 : Math.max(1, all.size() - (int) Math.ceil(all.size() * dropFraction));
        List<WriteRequest> written = new ArrayList<>(all.subList(0, keep));
        List<WriteRequest> unprocessed = new ArrayList<>(all.subList(keep, all.size()));
        if (!written.isEmpty()) {
            real.batchWriteItem(r -> r.requestItems(Map.of(table, written)));
        }
        return BatchWriteItemResponse.builder()
                .unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of(table, unprocessed)).build();
    }
}
