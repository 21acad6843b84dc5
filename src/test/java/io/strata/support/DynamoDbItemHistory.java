package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every version of every item of the tables it records, with its write time, as PITR keeps them and
 * as DynamoDB's point-in-time exports (full and incremental) and restores read them; DynamoDB Local
 * keeps only the present. {@link DynamoDbProxy} passes it each PutItem, UpdateItem, DeleteItem and
 * BatchWriteItem it forwards: after the write is answered, each key it touched is read back
 * (consistent GetItem) and a version is recorded when the item changed. TransactWriteItems and
 * PartiQL writes are not observed (no test writes through them).
 *
 * <p>A table is recorded while PITR is on for it ({@link DynamoDbContinuousBackups}) or once a test
 * {@link #watch}es it. Its first observed write first scans it: that is the state at the time PITR
 * was turned on (or the watch began), since every write comes through the proxy; those items carry
 * write time 0. Writes to one
 * recorded table are serialised (write, then read back), so versions are in the table's real order;
 * write times are the {@link #useClock clock}'s, strictly increasing per table (microseconds, as
 * incremental exports' {@code WriteTimestampMicros}). Images are kept in the wire's DynamoDB JSON.
 */
public final class DynamoDbItemHistory {

    /** One state of an item from {@code micros} on; {@code image} null: absent (deleted, or not yet written). */
    public record Version(long micros, ObjectNode image) {

        public boolean deleted() {
            return image == null;
        }
    }

    /**
     * What changed of one item in {@code [from, to)}: its state just before {@code from} and just before
     * {@code to} (null where absent), and the write time of its last change in the window.
     */
    public record Change(ObjectNode keys, ObjectNode oldImage, ObjectNode newImage, long lastWriteMicros) {
    }

    /** One recorded table: its key attributes and each item's versions, oldest first, by the item's key. */
    private static final class Table {
        final List<String> keyAttributes;
        final Map<String, List<Version>> versions = new LinkedHashMap<>();
        long lastMicros;

        Table(List<String> keyAttributes) {
            this.keyAttributes = keyAttributes;
        }
    }

    private final DynamoDbProxy proxy;
    private final Predicate<String> pitrOn;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();

    DynamoDbItemHistory(DynamoDbProxy proxy, Predicate<String> pitrOn) {
        this.proxy = proxy;
        this.pitrOn = pitrOn;
    }

    /** The clock write times are read from (a test's settable clock, shared with the PITR double). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Records {@code table} from now on, with or without PITR. */
    public void watch(String table) {
        watched.add(table);
    }

    void forget(String table) {
        watched.remove(table);
        tables.remove(table);
    }

    /** Whether writes to {@code table} are recorded. */
    public boolean records(String table) {
        return watched.contains(table) || pitrOn.test(table);
    }

    /** Each item of {@code table} present at {@code at} (its last version written before it), by key. */
    public Map<String, ObjectNode> stateAt(String table, Instant at) {
        long micros = micros(at);
        Map<String, ObjectNode> state = new LinkedHashMap<>();
        Table recorded = tables.get(table);
        if (recorded == null) {
            return state;
        }
        synchronized (recorded) {
            recorded.versions.forEach((key, versions) -> {
                ObjectNode image = imageBefore(versions, micros);
                if (image != null) {
                    state.put(key, image.deepCopy());
                }
            });
        }
        return state;
    }

    /**
     * The items written in {@code [from, to)} whose state at {@code to} differs from their state at
     * {@code from}, once each: what an incremental export of that window holds.
     */
    public List<Change> changes(String table, Instant from, Instant to) {
        long start = micros(from);
        long end = micros(to);
        List<Change> changes = new ArrayList<>();
        Table recorded = tables.get(table);
        if (recorded == null) {
            return changes;
        }
        synchronized (recorded) {
            recorded.versions.forEach((key, versions) -> {
                long last = versions.stream().mapToLong(Version::micros).filter(m -> m >= start && m < end).max()
                        .orElse(-1);
                ObjectNode before = imageBefore(versions, start);
                ObjectNode after = imageBefore(versions, end);
                if (last >= 0 && !(before == null ? after == null : before.equals(after))) {
                    ObjectNode image = after != null ? after : before;
                    changes.add(new Change(keysOf(recorded, image), copy(before), copy(after), last));
                }
            });
        }
        return changes;
    }

    /** Every version of one item ({@code key} as {@link #keyOf} writes it), oldest first. */
    public List<Version> versions(String table, String key) {
        Table recorded = tables.get(table);
        if (recorded == null) {
            return List.of();
        }
        synchronized (recorded) {
            return List.copyOf(recorded.versions.getOrDefault(key, List.of()));
        }
    }

    /** The key of an item or a Key map, as the history indexes it: the key attributes in schema order. */
    public String keyOf(String table, JsonNode itemOrKey) {
        Table recorded = tables.get(table);
        return recorded == null ? itemOrKey.toString() : keysOf(recorded, itemOrKey).toString();
    }

    /** A write as the proxy forwards it: recorded when its table is, answered as {@code send} answers it. */
    Reply write(Call call, Supplier<Reply> send) {
        Map<String, List<JsonNode>> touched = touched(call);
        List<String> recorded = touched.keySet().stream().filter(this::records).toList();
        if (recorded.isEmpty()) {
            return send.get();
        }
        // One table per write except BatchWriteItem; its tables are locked in name order (no deadlock).
        List<Table> locks = recorded.stream().sorted().map(t -> table(call, t)).toList();
        return locked(locks, 0, () -> {
            Reply reply = send.get();
            if (reply.ok()) {
                for (String name : recorded) {
                    Table table = tables.get(name);
                    Set<String> keys = new LinkedHashSet<>();
                    touched.get(name).forEach(k -> keys.add(keysOf(table, k).toString()));
                    for (String key : keys) {
                        readBack(call, name, table, key);
                    }
                }
            }
            return reply;
        });
    }

    private static Reply locked(List<Table> locks, int index, Supplier<Reply> body) {
        if (index == locks.size()) {
            return body.get();
        }
        synchronized (locks.get(index)) {
            return locked(locks, index + 1, body);
        }
    }

    /** The table's record, begun with a scan of what it holds before its first observed write. */
    private Table table(Call call, String name) {
        return tables.computeIfAbsent(name, n -> {
            JsonNode described = proxy.forward(call.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode()
                    .put("TableName", n))).tree().path("Table");
            List<String> keys = new ArrayList<>();
            described.path("KeySchema").forEach(k -> keys.add(k.path("AttributeName").asText()));
            Table table = new Table(keys);
            table.lastMicros = micros(clock.instant());
            // What it held before: written at no known time (0), so no window's changes include it.
            scan(call, n, item -> table.versions.computeIfAbsent(keysOf(table, item).toString(), k -> new ArrayList<>())
                    .add(new Version(0, item)));
            return table;
        });
    }

    private void scan(Call call, String table, Consumer<ObjectNode> each) {
        JsonNode start = null;
        do {
            ObjectNode request = DynamoDbProxy.JSON.createObjectNode().put("TableName", table).put("ConsistentRead", true);
            if (start != null) {
                request.set("ExclusiveStartKey", start);
            }
            JsonNode page = proxy.forward(call.with("Scan", request)).tree();
            page.path("Items").forEach(item -> each.accept((ObjectNode) item));
            start = page.has("LastEvaluatedKey") ? page.get("LastEvaluatedKey") : null;
        } while (start != null);
    }

    private void readBack(Call call, String name, Table table, String key) {
        ObjectNode request = DynamoDbProxy.JSON.createObjectNode().put("TableName", name).put("ConsistentRead", true);
        request.set("Key", parse(key));
        JsonNode item = proxy.forward(call.with("GetItem", request)).tree().path("Item");
        ObjectNode image = item.isObject() ? (ObjectNode) item : null;
        List<Version> versions = table.versions.computeIfAbsent(key, k -> new ArrayList<>());
        ObjectNode last = versions.isEmpty() ? null : versions.get(versions.size() - 1).image();
        if (last == null ? image == null : last.equals(image)) {
            return;
        }
        table.lastMicros = Math.max(table.lastMicros + 1, micros(clock.instant()));
        versions.add(new Version(table.lastMicros, image));
    }

    /** The keys each table of the write touches (items or Key maps). */
    private static Map<String, List<JsonNode>> touched(Call call) {
        JsonNode body = call.tree();
        Map<String, List<JsonNode>> touched = new LinkedHashMap<>();
        switch (call.operation()) {
            case "PutItem" -> touched.put(body.path("TableName").asText(), List.of(body.path("Item")));
            case "UpdateItem", "DeleteItem" -> touched.put(body.path("TableName").asText(), List.of(body.path("Key")));
            case "BatchWriteItem" -> body.path("RequestItems").fields().forEachRemaining(entry -> {
                List<JsonNode> keys = new ArrayList<>();
                entry.getValue().forEach(request -> keys.add(request.has("PutRequest")
                        ? request.path("PutRequest").path("Item") : request.path("DeleteRequest").path("Key")));
                touched.put(entry.getKey(), keys);
            });
            default -> {
            }
        }
        return touched;
    }

    private static ObjectNode keysOf(Table table, JsonNode itemOrKey) {
        ObjectNode keys = DynamoDbProxy.JSON.createObjectNode();
        table.keyAttributes.forEach(name -> keys.set(name, itemOrKey.path(name).deepCopy()));
        return keys;
    }

    private static ObjectNode imageBefore(List<Version> versions, long micros) {
        ObjectNode image = null;
        for (Version version : versions) {
            if (version.micros() >= micros) {
                break;
            }
            image = version.image();
        }
        return image;
    }

    private static ObjectNode copy(ObjectNode image) {
        return image == null ? null : image.deepCopy();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) DynamoDbProxy.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
