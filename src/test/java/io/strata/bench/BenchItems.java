package io.strata.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item {@code i} of the benchmark table: ~1 KB of mixed types, the same every run. */
final class BenchItems {

    private BenchItems() {
    }

    static Map<String, AttributeValue> item(long i) {
        Random random = new Random(i * 31 + 7);
        byte[] blob = new byte[256];
        random.nextBytes(blob);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(String.format("item#%09d", i)));
        item.put("sk", AttributeValue.fromN(String.valueOf(i % 1000)));
        item.put("name", AttributeValue.fromS("customer " + random.nextInt(1_000_000) + " of the benchmark table"));
        item.put("amount", AttributeValue.fromN(random.nextInt(100_000) + "." + random.nextInt(100)));
        item.put("big", AttributeValue.fromN("12345678901234567890123456789012345678"));
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(blob)));
        item.put("tags", AttributeValue.fromSs(List.of("t" + random.nextInt(10), "u" + random.nextInt(10))));
        item.put("ok", AttributeValue.fromBool(random.nextBoolean()));
        item.put("none", AttributeValue.fromNul(true));
        item.put("address", AttributeValue.fromM(Map.of(
                "street", AttributeValue.fromS(random.nextInt(999) + " Long Street Name Avenue"),
                "city", AttributeValue.fromS("City" + random.nextInt(500)),
                "zip", AttributeValue.fromN(String.valueOf(10000 + random.nextInt(89999))))));
        item.put("history", AttributeValue.fromL(List.of(AttributeValue.fromS("created at some point in time"),
                AttributeValue.fromN(String.valueOf(random.nextLong())),
                AttributeValue.fromS("x".repeat(200 + random.nextInt(100))))));
        return item;
    }
}
