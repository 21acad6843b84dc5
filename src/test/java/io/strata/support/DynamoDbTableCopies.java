package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the backup and point-in-time fakes share, all through DynamoDB Local as the caller: a table's
 * description, all its items (a Scan, page by page), and a new table made from a saved description and
 * items (CreateTable with the source's keys, indexes and billing, then BatchWriteItem), as AWS's
 * restores make a new table from what they kept.
 */
final class DynamoDbTableCopies {

    private final DynamoDbProxy proxy;
    private final AtomicInteger restoring = new AtomicInteger();
    private volatile int restoreLimit = 50;

    DynamoDbTableCopies(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /** Restores (from backups and to points in time) allowed at once: AWS allows 50 per account. */
    void restoreLimit(int limit) {
        this.restoreLimit = limit;
    }

    /** A restore begins: false (and nothing held) when {@link #restoreLimit} are running. */
    boolean startRestore() {
        if (restoring.incrementAndGet() > restoreLimit) {
            restoring.decrementAndGet();
            return false;
        }
        return true;
    }

    void endRestore() {
        restoring.decrementAndGet();
    }

    Reply tooManyRestores() {
        return Reply.error(400, "LimitExceededException", "Too many table restores are in progress (limit "
                + restoreLimit + ")");
    }

    /** DescribeTable's {@code Table}, or empty when DynamoDB Local does not know it. */
    Optional<JsonNode> describe(Call caller, String table) {
        Reply described = proxy.forward(caller.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode()
                .put("TableName", table)));
        return described.ok() ? Optional.of(described.tree().path("Table")) : Optional.empty();
    }

    /** Every item of the table now. */
    List<JsonNode> items(Call caller, String table) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode start = null;
        do {
            ObjectNode scan = DynamoDbProxy.JSON.createObjectNode().put("TableName", table).put("ConsistentRead", true);
            if (start != null) {
                scan.set("ExclusiveStartKey", start);
            }
            Reply page = proxy.forward(caller.with("Scan", scan));
            if (!page.ok()) {
                throw new IllegalStateException("Scan of " + table + " failed: " + new String(page.body()));
            }
            page.tree().path("Items").forEach(items::add);
            start = page.tree().get("LastEvaluatedKey");
        } while (start != null);
        return items;
    }

    /** The item's key under the table's key schema ({@code Table} as DescribeTable answered). */
    static ObjectNode key(JsonNode table, JsonNode item) {
        ObjectNode key = DynamoDbProxy.JSON.createObjectNode();
        table.path("KeySchema").forEach(k -> key.set(k.path("AttributeName").asText(), item.path(k.path("AttributeName")
                .asText())));
        return key;
    }

    /** A new table {@code target} shaped as {@code source} (a DescribeTable {@code Table}) holding {@code items}. */
    Reply create(Call caller, String target, JsonNode source, List<JsonNode> items) {
        ObjectNode create = DynamoDbProxy.JSON.createObjectNode().put("TableName", target);
        create.set("KeySchema", source.path("KeySchema"));
        create.set("AttributeDefinitions", source.path("AttributeDefinitions"));
        boolean provisioned = !"PAY_PER_REQUEST".equals(source.path("BillingModeSummary").path("BillingMode").asText());
        create.put("BillingMode", provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
        if (provisioned) {
            create.set("ProvisionedThroughput", throughput(source.path("ProvisionedThroughput")));
        }
        if (source.has("GlobalSecondaryIndexes")) {
            ArrayNode gsis = create.putArray("GlobalSecondaryIndexes");
            source.path("GlobalSecondaryIndexes").forEach(g -> {
                ObjectNode gsi = gsis.addObject().put("IndexName", g.path("IndexName").asText());
                gsi.set("KeySchema", g.path("KeySchema"));
                gsi.set("Projection", g.path("Projection"));
                if (provisioned) {
                    gsi.set("ProvisionedThroughput", throughput(g.path("ProvisionedThroughput")));
                }
            });
        }
        if (source.has("LocalSecondaryIndexes")) {
            ArrayNode lsis = create.putArray("LocalSecondaryIndexes");
            source.path("LocalSecondaryIndexes").forEach(l -> {
                ObjectNode lsi = lsis.addObject().put("IndexName", l.path("IndexName").asText());
                lsi.set("KeySchema", l.path("KeySchema"));
                lsi.set("Projection", l.path("Projection"));
            });
        }
        Reply created = proxy.forward(caller.with("CreateTable", create));
        if (!created.ok()) {
            return created;
        }
        for (int from = 0; from < items.size(); from += 25) {
            ObjectNode batch = DynamoDbProxy.JSON.createObjectNode();
            ArrayNode writes = batch.putObject("RequestItems").putArray(target);
            items.subList(from, Math.min(items.size(), from + 25)).forEach(item -> writes.addObject()
                    .putObject("PutRequest").set("Item", item));
            Reply written = proxy.forward(caller.with("BatchWriteItem", batch));
            if (!written.ok() || !written.tree().path("UnprocessedItems").isEmpty()) {
                throw new IllegalStateException("writing the restored items into " + target + " failed: "
                        + new String(written.body()));
            }
        }
        return created;
    }

    private static ObjectNode throughput(JsonNode described) {
        return DynamoDbProxy.JSON.createObjectNode()
                .put("ReadCapacityUnits", Math.max(1, described.path("ReadCapacityUnits").asLong()))
                .put("WriteCapacityUnits", Math.max(1, described.path("WriteCapacityUnits").asLong()));
    }
}
