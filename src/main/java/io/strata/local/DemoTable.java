package io.strata.local;

import io.strata.dynamodb.BatchWriter;
import io.strata.dynamodb.TableCreator;
import io.strata.dynamodb.TableSchema;
import io.strata.service.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The demo's sample table: every DynamoDB type (S, N, B, SS, NS, BS, M, L, BOOL, NULL), binaries
 * nested in maps and lists, 38-digit numbers, empty strings, lists and maps, and a few items
 * near the 400 KB limit; with a GSI, an LSI, TTL, a stream and tags to restore.
 */
public final class DemoTable {

    public static final String NAME = "strata-demo-orders";
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "RETURNED"};
    private static final String[] NUMBERS = {
        "12345678901234567890123456789012345678", "-98765432109876543210987654321098765432",
        "0.12345678901234567890123456789012345678", "1E-130", "9.9999999999999999999999999999999999999E+125",
        "-1E-130", "0", "3.14159"};

    private final DynamoDbClient dynamoDb;

    public DemoTable(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public static TableSchema schema() {
        var key = List.of(new TableSchema.Key("pk", "HASH"), new TableSchema.Key("sk", "RANGE"));
        return new TableSchema(NAME, null, null, key,
                List.of(new TableSchema.Attribute("pk", "S"), new TableSchema.Attribute("sk", "N"),
                        new TableSchema.Attribute("status", "S"), new TableSchema.Attribute("created", "N")),
                "PAY_PER_REQUEST", null,
                List.of(new TableSchema.Index("by-status", List.of(new TableSchema.Key("status", "HASH"),
                        new TableSchema.Key("created", "RANGE")), "KEYS_ONLY", List.of(), null)),
                List.of(new TableSchema.Index("by-created", List.of(new TableSchema.Key("pk", "HASH"),
                        new TableSchema.Key("created", "RANGE")), "INCLUDE", List.of("amount"), null)),
                "expiresAt", new TableSchema.Stream(true, "NEW_AND_OLD_IMAGES"), null,
                Map.of("env", "demo", "app", "strata"), 0, 0);
    }

    /**
     * Deletes {@code table} if an earlier demo left it: local mode keeps its tables between runs, and the demo
     * starts from its own sample table anew (what it backed up before stays in the vault).
     */
    public void dropIfPresent(String table) throws InterruptedException {
        try {
            dynamoDb.deleteTable(DeleteTableRequest.builder().tableName(table).build());
        } catch (ResourceNotFoundException e) {
            return;
        }
        for (int i = 0; i < 600; i++) {
            try {
                dynamoDb.describeTable(DescribeTableRequest.builder().tableName(table).build());
            } catch (ResourceNotFoundException e) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("table " + table + " was not deleted within 60 s");
    }

    /** Creates the table and writes {@code count} items (four of them ~390 KB). */
    public void create(int count) throws InterruptedException {
        TableCreator creator = new TableCreator(dynamoDb);
        creator.create(NAME, schema());
        creator.applySettings(NAME, schema());
        BatchWriter writer = new BatchWriter(dynamoDb, NAME, 12);
        Progress progress = new Progress("seed " + NAME, count, Duration.ofSeconds(5));
        Random random = new Random(42);
        List<WriteRequest> batch = new ArrayList<>();
        long batchBytes = 0;
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = item(i, random);
            long size = i % 5000 == 17 ? 400_000 : 2_000;
            // BatchWriteItem takes at most 16 MB per call.
            if (batch.size() == BatchWriter.MAX_BATCH || batchBytes + size > 15_000_000) {
                flush(writer, batch, progress);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            batchBytes += size;
        }
        flush(writer, batch, progress);
    }

    private static void flush(BatchWriter writer, List<WriteRequest> batch, Progress progress) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        int missed = writer.write(batch);
        if (missed > 0) {
            throw new IllegalStateException(missed + " demo items were not written");
        }
        progress.add(batch.size());
    }

    /** Sample item number {@code i}: every type, nested binaries, 38-digit numbers; ~390 KB when i % 5000 == 17. */
    public static Map<String, AttributeValue> item(int i, Random random) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("customer#" + (i % 2000)));
        item.put("sk", AttributeValue.fromN(String.valueOf(i)));
        item.put("status", AttributeValue.fromS(STATUSES[i % STATUSES.length]));
        item.put("created", AttributeValue.fromN(String.valueOf(1_700_000_000L + i)));
        item.put("amount", AttributeValue.fromN(NUMBERS[i % NUMBERS.length]));
        item.put("note", AttributeValue.fromS(i % 3 == 0 ? "" : "Zürich – 東京 – order " + i + " \"quoted\" \\ 🚀"));
        item.put("payload", AttributeValue.fromB(bytes(random, 100 + random.nextInt(400))));
        item.put("labels", AttributeValue.fromSs(List.of("red", "green-" + (i % 7))));
        item.put("scores", AttributeValue.fromNs(List.of(String.valueOf(i), "1E+100", "-0.5")));
        item.put("blobs", AttributeValue.fromBs(List.of(bytes(random, 8), bytes(random, 16))));
        item.put("gift", AttributeValue.fromBool(i % 2 == 0));
        item.put("coupon", AttributeValue.fromNul(true));
        item.put("address", AttributeValue.fromM(Map.of(
                "street", AttributeValue.fromS(i + " Main Street"),
                "geo", AttributeValue.fromM(Map.of("lat", AttributeValue.fromN("51.5072178"),
                        "lng", AttributeValue.fromN("-0.1275862"))),
                "thumbnail", AttributeValue.fromB(bytes(random, 32)),
                "empty", AttributeValue.fromM(Map.of()))));
        item.put("events", AttributeValue.fromL(List.of(
                AttributeValue.fromS("created"), AttributeValue.fromN(NUMBERS[(i + 3) % NUMBERS.length]),
                AttributeValue.fromB(bytes(random, 12)), AttributeValue.fromBool(false), AttributeValue.fromNul(true),
                AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of("sig", AttributeValue.fromB(bytes(random, 4)),
                        "codes", AttributeValue.fromSs(List.of("a", "b")))))));
        if (i % 10 == 0) {
            item.put("expiresAt", AttributeValue.fromN(String.valueOf(4_102_444_800L + i)));
        }
        if (i % 5000 == 17) {
            // Near the 400 KB item limit (names and values count).
            item.put("attachment", AttributeValue.fromB(bytes(random, 390_000)));
            item.put("caption", AttributeValue.fromS("x".repeat(5_000)));
        }
        return item;
    }

    private static SdkBytes bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return SdkBytes.fromByteArray(bytes);
    }
}
