package io.strata.vault.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * SDK model objects as the AWS CLI takes them in JSON arguments (the API's member names, e.g.
 * {@code {"ID":…,"Filter":{"Prefix":…}}}): so that a printed fix can restate a bucket's existing
 * lifecycle rules beside the one it adds instead of replacing them.
 */
final class AwsCliJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AwsCliJson() {
    }

    static JsonNode of(Object value) {
        if (value instanceof SdkPojo pojo) {
            ObjectNode node = NODES.objectNode();
            for (SdkField<?> field : pojo.sdkFields()) {
                Object member = field.getValueOrDefault(pojo);
                if (member != null && !(member instanceof SdkAutoConstructList<?>) && !(member instanceof SdkAutoConstructMap<?, ?>)) {
                    node.set(field.memberName(), of(member));
                }
            }
            return node;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(of(element)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), of(v)));
            return node;
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        return NODES.textNode(String.valueOf(value));
    }

    /** Compact JSON in single quotes for a POSIX shell (a quote inside is closed, escaped and reopened). */
    static String quoted(JsonNode json) {
        try {
            return "'" + Json.MAPPER.writeValueAsString(json).replace("'", "'\\''") + "'";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
