package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one import in {@link DynamoDbImports}, by key: a line that is not an item with the
 * table's key (name and type) is an error; a second item with a key already seen replaces the first,
 * as the import keeps one of them. Written to DynamoDB Local with BatchWriteItem, as the caller.
 */
final class ImportedItems {

    private final Map<String, String> keyTypes = new LinkedHashMap<>();
    private final Map<String, JsonNode> byKey = new LinkedHashMap<>();

    ImportedItems(JsonNode table) {
        Map<String, String> types = new HashMap<>();
        table.path("AttributeDefinitions").forEach(a -> types.put(a.path("AttributeName").asText(),
                a.path("AttributeType").asText()));
        table.path("KeySchema").forEach(k -> keyTypes.put(k.path("AttributeName").asText(),
                types.get(k.path("AttributeName").asText())));
    }

    /** False when {@code line} cannot become an item of the table. */
    boolean add(String line) {
        JsonNode item;
        try {
            item = DynamoDbProxy.JSON.readTree(line).path("Item");
        } catch (IOException e) {
            return false;
        }
        if (!item.isObject()) {
            return false;
        }
        ObjectNode key = DynamoDbProxy.JSON.createObjectNode();
        for (Map.Entry<String, String> k : keyTypes.entrySet()) {
            JsonNode value = item.path(k.getKey()).path(k.getValue());
            if (!value.isTextual()) {
                return false;
            }
            key.set(k.getKey(), item.get(k.getKey()));
        }
        byKey.put(key.toString(), item);
        return true;
    }

    int size() {
        return byKey.size();
    }

    void write(DynamoDbProxy proxy, Call caller, String table) {
        List<JsonNode> pending = new ArrayList<>(byKey.values());
        while (!pending.isEmpty()) {
            List<JsonNode> batch = pending.subList(0, Math.min(25, pending.size()));
            ObjectNode request = DynamoDbProxy.JSON.createObjectNode();
            ArrayNode puts = request.putObject("RequestItems").putArray(table);
            batch.forEach(item -> puts.addObject().putObject("PutRequest").set("Item", item));
            Reply reply = proxy.forward(caller.with("BatchWriteItem", request));
            if (!reply.ok()) {
                throw new IllegalStateException("BatchWriteItem into " + table + ": " + new String(reply.body()));
            }
            List<JsonNode> left = new ArrayList<>(pending.subList(batch.size(), pending.size()));
            reply.tree().path("UnprocessedItems").path(table).forEach(u -> left.add(u.path("PutRequest").path("Item")));
            pending = left;
        }
    }
}
