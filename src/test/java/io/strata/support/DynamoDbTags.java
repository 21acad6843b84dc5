package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table tags, which DynamoDB Local lacks, kept by {@link DynamoDbProxy} as the DynamoDB API
 * reference documents them: per table ARN; TagResource adds or replaces values, UntagResource removes
 * keys (an absent key is no error), ListTagsOfResource lists them (one page); CreateTable's
 * {@code Tags} are the table's first tags; DeleteTable drops them. A call on a table that does not
 * exist answers ResourceNotFoundException (the table is looked up in DynamoDB Local, as the caller);
 * a key over 128 characters, a value over 256, more than 50 tags or a key starting {@code aws:}
 * answers ValidationException. Not modelled: the per-account rate limit on tagging calls, tags of
 * indexes, streams and backups.
 */
public final class DynamoDbTags {

    private static final int MAX_TAGS = 50;

    private final DynamoDbProxy proxy;
    private final Map<String, Map<String, String>> byArn = new ConcurrentHashMap<>();

    DynamoDbTags(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /** What a test checks directly: the tags of the table with this ARN now. */
    public Map<String, String> of(String tableArn) {
        return Map.copyOf(byArn.getOrDefault(tableArn, Map.of()));
    }

    Reply answer(Call call) {
        JsonNode request = call.tree();
        String arn = request.path("ResourceArn").asText("");
        int slash = arn.indexOf(":table/");
        if (!arn.startsWith("arn:") || slash < 0) {
            return Reply.error(400, "ValidationException", "Invalid TableArn: " + arn);
        }
        Reply described = proxy.forward(call.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode()
                .put("TableName", arn.substring(slash + ":table/".length()))));
        if (!described.ok() && !described.tree().path("__type").asText().endsWith("ResourceNotFoundException")) {
            return described;
        }
        if (!described.ok() || !described.tree().path("Table").path("TableArn").asText().equals(arn)) {
            return Reply.error(400, "ResourceNotFoundException", "Requested resource not found: ResourcArn: " + arn
                    + " not found");
        }
        return switch (call.operation()) {
            case "TagResource" -> tag(arn, request.path("Tags"));
            case "UntagResource" -> untag(arn, request.path("TagKeys"));
            default -> list(arn);
        };
    }

    private Reply tag(String arn, JsonNode tags) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (JsonNode tag : tags) {
            wanted.put(tag.path("Key").asText(), tag.path("Value").asText());
        }
        String invalid = invalid(wanted);
        if (invalid != null) {
            return Reply.error(400, "ValidationException", invalid);
        }
        synchronized (byArn) {
            Map<String, String> current = byArn.computeIfAbsent(arn, a -> new LinkedHashMap<>());
            Map<String, String> after = new LinkedHashMap<>(current);
            after.putAll(wanted);
            if (after.size() > MAX_TAGS) {
                return Reply.error(400, "ValidationException", "The number of tags exceeds the limit of " + MAX_TAGS);
            }
            current.putAll(wanted);
        }
        return Reply.json(200, DynamoDbProxy.JSON.createObjectNode());
    }

    private Reply untag(String arn, JsonNode keys) {
        synchronized (byArn) {
            Map<String, String> current = byArn.getOrDefault(arn, new LinkedHashMap<>());
            keys.forEach(key -> current.remove(key.asText()));
        }
        return Reply.json(200, DynamoDbProxy.JSON.createObjectNode());
    }

    private Reply list(String arn) {
        ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
        ArrayNode tags = response.putArray("Tags");
        synchronized (byArn) {
            byArn.getOrDefault(arn, Map.of()).forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        }
        return Reply.json(200, response);
    }

    /** CreateTable forwarded (DynamoDB Local ignores its Tags): a created table starts with them. */
    Reply created(Call call, Reply reply) {
        JsonNode tags = call.tree().path("Tags");
        if (reply.ok() && tags.isArray() && !tags.isEmpty()) {
            Map<String, String> first = new LinkedHashMap<>();
            tags.forEach(tag -> first.put(tag.path("Key").asText(), tag.path("Value").asText()));
            byArn.put(reply.tree().path("TableDescription").path("TableArn").asText(), first);
        }
        return reply;
    }

    /** DeleteTable forwarded: a table deleted takes its tags with it (a new table of that name has none). */
    Reply deleted(Reply reply) {
        if (reply.ok()) {
            byArn.remove(reply.tree().path("TableDescription").path("TableArn").asText());
        }
        return reply;
    }

    private static String invalid(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > 128) {
                return "Tag key must be 1 to 128 characters: '" + tag.getKey() + "'";
            }
            if (tag.getValue().length() > 256) {
                return "Tag value must be at most 256 characters (key '" + tag.getKey() + "')";
            }
            if (tag.getKey().startsWith("aws:")) {
                return "Tag keys starting with 'aws:' are reserved for AWS: '" + tag.getKey() + "'";
            }
        }
        return null;
    }
}
