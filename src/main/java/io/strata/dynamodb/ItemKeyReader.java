package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.strata.service.Failures;
import io.strata.text.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the primary key of one export item ({@code {"Item":{...}}}, or an incremental export's
 * {@code {"Keys":{...},...}}) under a key schema, without
 * building the item: only the key attributes are read, every other attribute is skipped. The key
 * comes out canonical — two items are one item in DynamoDB exactly when their canonical keys are
 * equal: a number by its value ({@code 1}, {@code 1.0} and {@code 1E0} are one key), a binary by
 * its bytes. One reader per thread.
 */
final class ItemKeyReader {

    /** An item's key, or what is wrong with it (no key attribute, another type, an unreadable value). */
    record ItemKey(byte[] canonical, String text, String problem) {
    }

    private final List<String> names = new ArrayList<>();
    private final List<String> types = new ArrayList<>();

    ItemKeyReader(TableSchema schema) {
        for (TableSchema.Key key : schema.keySchema()) {
            names.add(key.name());
            types.add(schema.attributeDefinitions().stream().filter(a -> a.name().equals(key.name()))
                    .map(TableSchema.Attribute::type).findFirst().orElse("(none recorded)"));
        }
    }

    /** Reads the item whose START_OBJECT is the current token, up to and including its END_OBJECT. */
    ItemKey read(JsonParser json) throws IOException {
        String[] type = new String[names.size()];
        String[] value = new String[names.size()];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            // An incremental export's line holds its key under "Keys" (and no "Item").
            boolean item = "Item".equals(json.currentName()) || "Keys".equals(json.currentName());
            if (json.nextToken() == JsonToken.START_OBJECT && item) {
                readAttributes(json, type, value);
            } else {
                json.skipChildren();
            }
        }
        return keyOf(type, value);
    }

    private void readAttributes(JsonParser json, String[] type, String[] value) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            int index = names.indexOf(json.currentName());
            JsonToken token = json.nextToken();
            if (index < 0 || token != JsonToken.START_OBJECT) {
                json.skipChildren();
                continue;
            }
            // {"S":"text"}: the type is the only field of the attribute's object
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken scalar = json.nextToken();
                if (type[index] == null) {
                    type[index] = name;
                    value[index] = scalar.isScalarValue() ? json.getText() : null;
                }
                json.skipChildren();
            }
        }
    }

    private ItemKey keyOf(String[] type, String[] value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream canonical = new DataOutputStream(bytes);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (type[i] == null) {
                return problem("has no key attribute '" + name + "'");
            }
            if (!type[i].equals(types.get(i))) {
                return problem("has '" + name + "' of type " + type[i] + ", not " + types.get(i));
            }
            if (value[i] == null) {
                return problem("has '" + name + "' without a " + type[i] + " value");
            }
            byte[] form;
            try {
                form = switch (type[i]) {
                    case "N" -> new BigDecimal(value[i]).stripTrailingZeros().toString().getBytes(StandardCharsets.US_ASCII);
                    case "B" -> Base64.getDecoder().decode(value[i]);
                    default -> value[i].getBytes(StandardCharsets.UTF_8);
                };
            } catch (IllegalArgumentException e) { // NumberFormatException included
                return problem("has '" + name + "' whose " + type[i] + " value is unreadable (" + Failures.message(e) + ")");
            }
            canonical.writeInt(form.length);
            canonical.write(form);
            text.add(name + "=" + ("S".equals(type[i]) ? Json.MAPPER.writeValueAsString(value[i]) : value[i]));
        }
        return new ItemKey(bytes.toByteArray(), String.join(", ", text), null);
    }

    private static ItemKey problem(String problem) {
        return new ItemKey(null, null, problem);
    }
}
