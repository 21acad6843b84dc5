package io.strata.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares two tables item by item: every item of the source must exist in the target with equal
 * attributes, and the target must hold nothing else. Holds one digest per item, not the items.
 */
public final class TableComparison {

    /** The verdict; {@code examples} names up to ten differing keys. */
    public record Result(long sourceItems, long targetItems, long missing, long different, long extra,
                         List<String> examples) {
        public boolean identical() {
            return missing == 0 && different == 0 && extra == 0 && sourceItems == targetItems;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final int segments;

    public TableComparison(DynamoDbClient dynamoDb, int segments) {
        this.dynamoDb = dynamoDb;
        this.segments = segments;
    }

    public Result compare(String source, String target, List<String> keyNames) {
        Map<String, String> digests = new ConcurrentHashMap<>();
        AtomicLong sourceItems = new AtomicLong();
        scan(source, item -> {
            digests.put(key(item, keyNames), digest(item));
            sourceItems.incrementAndGet();
        });
        AtomicLong targetItems = new AtomicLong();
        AtomicLong different = new AtomicLong();
        AtomicLong extra = new AtomicLong();
        List<String> examples = Collections.synchronizedList(new ArrayList<>());
        scan(target, item -> {
            targetItems.incrementAndGet();
            String key = key(item, keyNames);
            String expected = digests.remove(key);
            if (expected == null) {
                extra.incrementAndGet();
                note(examples, "extra " + key);
            } else if (!expected.equals(digest(item))) {
                different.incrementAndGet();
                note(examples, "different " + key);
            }
        });
        digests.keySet().stream().limit(10).forEach(k -> note(examples, "missing " + k));
        return new Result(sourceItems.get(), targetItems.get(), digests.size(), different.get(), extra.get(),
                List.copyOf(examples));
    }

    private static void note(List<String> examples, String text) {
        if (examples.size() < 10) {
            examples.add(text);
        }
    }

    private void scan(String table, Consumer<Map<String, AttributeValue>> sink) {
        IntStream.range(0, segments).parallel().forEach(segment -> {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamoDb.scan(r -> r.tableName(table).segment(segment).totalSegments(segments)
                        .limit(1000).exclusiveStartKey(from).consistentRead(true));
                page.items().forEach(sink);
                start = ScanPages.next(page);
            } while (start != null);
        });
    }

    private static String key(Map<String, AttributeValue> item, List<String> keyNames) {
        StringBuilder key = new StringBuilder();
        for (String name : keyNames) {
            key.append(name).append('=').append(canonical(item.get(name))).append(' ');
        }
        return key.toString().trim();
    }

    /** SHA-256 of a canonical form: map keys and set elements sorted, as DynamoDB compares them. */
    public static String digest(Map<String, AttributeValue> item) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(AttributeValue.fromM(item)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(AttributeValue value) {
        if (value == null) {
            return "<absent>";
        }
        return switch (value.type()) {
            case S -> "S:" + quote(value.s());
            case N -> "N:" + number(value.n());
            case B -> "B:" + hex(value.b());
            case BOOL -> "BOOL:" + value.bool();
            case NUL -> "NULL";
            case SS -> "SS:" + value.ss().stream().map(TableComparison::quote).sorted().toList();
            case NS -> "NS:" + value.ns().stream().map(TableComparison::number).sorted().toList();
            case BS -> "BS:" + value.bs().stream().map(TableComparison::hex).sorted().toList();
            case M -> {
                Map<String, String> sorted = new TreeMap<>();
                value.m().forEach((k, v) -> sorted.put(k, canonical(v)));
                yield "M:" + sorted;
            }
            case L -> "L:" + value.l().stream().map(TableComparison::canonical).toList();
            default -> throw new IllegalArgumentException("unknown type " + value.type());
        };
    }

    /** Quotes strings so that separators inside values cannot make two items look alike. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** 1.50 and 1.5 are the same DynamoDB number. */
    private static String number(String n) {
        return new BigDecimal(n).stripTrailingZeros().toPlainString();
    }

    private static String hex(SdkBytes bytes) {
        return HexFormat.of().formatHex(bytes.asByteArrayUnsafe());
    }
}
