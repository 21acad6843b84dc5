package io.strata.support;

import io.strata.dynamodb.BatchWriter;
import io.strata.dynamodb.TableCreator;
import io.strata.dynamodb.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Creates and fills test tables, and reads them back whole (test tables are small). */
public final class Tables {

    private Tables() {
    }

    public static void create(DynamoDbClient dynamoDb, String table) {
        new TableCreator(dynamoDb).create(table, TableSchema.fromKeys(table, "pk:S,sk:N"));
    }

    public static void put(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items)
            throws InterruptedException {
        BatchWriter writer = new BatchWriter(dynamoDb, table, 12);
        List<WriteRequest> batch = new ArrayList<>();
        long bytes = 0;
        for (Map<String, AttributeValue> item : items) {
            if (batch.size() == BatchWriter.MAX_BATCH || bytes > 12_000_000) {
                assertWritten(writer.write(batch));
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            bytes += approximateSize(item);
        }
        if (!batch.isEmpty()) {
            assertWritten(writer.write(batch));
        }
    }

    private static void assertWritten(int missed) {
        if (missed != 0) {
            throw new IllegalStateException(missed + " test items not written");
        }
    }

    private static long approximateSize(Map<String, AttributeValue> item) {
        return item.values().stream().mapToLong(v -> v.b() != null ? v.b().asByteArrayUnsafe().length
                : v.s() != null ? v.s().length() : 64).sum();
    }

    /** Every item, keyed by "pk|sk". */
    public static Map<String, Map<String, AttributeValue>> scanAll(DynamoDbClient dynamoDb, String table) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(table).limit(500).consistentRead(true)).items()
                .forEach(item -> items.put(item.get("pk").s() + "|" + item.get("sk").n(), item));
        return items;
    }

    /**
     * {@code count} items of 4,000 random bytes each under one partition key: incompressible, so
     * 2,000 of them (~8 MB) make an export upload two 5 MiB multipart parts in one segment.
     */
    public static void putIncompressible(DynamoDbClient dynamoDb, String table, int count, long seed)
            throws InterruptedException {
        java.util.Random random = new java.util.Random(seed);
        put(dynamoDb, table, java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            byte[] blob = new byte[4000];
            random.nextBytes(blob);
            return Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "blob", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(blob)));
        }).toList());
    }

    public static Map<String, AttributeValue> simple(String pk, int sk, String text) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(String.valueOf(sk)),
                "text", AttributeValue.fromS(text));
    }
}
