package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON, as DynamoDB's Export to S3 writes it: {@code {"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}}.
 * Numbers stay strings (38 digits survive), binaries are base64, streaming both ways.
 */
public final class ItemCodec {

    private ItemCodec() {
    }

    /** Writes one export line: {@code {"Item":{...}}} followed by a newline. */
    public static void writeLine(JsonGenerator json, Map<String, AttributeValue> item) throws IOException {
        json.writeStartObject();
        json.writeFieldName("Item");
        writeMap(json, item);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    public static void writeMap(JsonGenerator json, Map<String, AttributeValue> map) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
            json.writeFieldName(entry.getKey());
            writeValue(json, entry.getValue());
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, AttributeValue value) throws IOException {
        json.writeStartObject();
        switch (value.type()) {
            case S -> json.writeStringField("S", value.s());
            case N -> json.writeStringField("N", value.n());
            case B -> json.writeStringField("B", base64(value.b()));
            case BOOL -> json.writeBooleanField("BOOL", value.bool());
            case NUL -> json.writeBooleanField("NULL", true);
            case SS -> writeStrings(json, "SS", value.ss());
            case NS -> writeStrings(json, "NS", value.ns());
            case BS -> {
                json.writeArrayFieldStart("BS");
                for (SdkBytes bytes : value.bs()) {
                    json.writeString(base64(bytes));
                }
                json.writeEndArray();
            }
            case M -> {
                json.writeFieldName("M");
                writeMap(json, value.m());
            }
            case L -> {
                json.writeArrayFieldStart("L");
                for (AttributeValue element : value.l()) {
                    writeValue(json, element);
                }
                json.writeEndArray();
            }
            default -> throw new IOException("Unknown DynamoDB attribute type " + value.type());
        }
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String type, List<String> values) throws IOException {
        json.writeArrayFieldStart(type);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    /**
     * Reads the next export line, or returns null at the end of the stream.
     * Accepts {@code {"Item":{...}}} only: anything else is a corrupt data file.
     */
    public static Map<String, AttributeValue> readLine(JsonParser json) throws IOException {
        JsonToken token = json.nextToken();
        if (token == null) {
            return null;
        }
        expect(json, token, JsonToken.START_OBJECT);
        Map<String, AttributeValue> item = null;
        while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
            if (!"Item".equals(json.currentName())) {
                throw corrupt(json, "unexpected field '" + json.currentName() + "' (expected \"Item\")");
            }
            expect(json, json.nextToken(), JsonToken.START_OBJECT);
            item = readMap(json);
        }
        expect(json, token, JsonToken.END_OBJECT);
        if (item == null) {
            throw corrupt(json, "line without \"Item\"");
        }
        return item;
    }

    /** Reads the fields of a map whose START_OBJECT was just consumed. */
    static Map<String, AttributeValue> readMap(JsonParser json) throws IOException {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        JsonToken token;
        while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            expect(json, json.nextToken(), JsonToken.START_OBJECT);
            map.put(name, readValue(json));
        }
        expect(json, token, JsonToken.END_OBJECT);
        return map;
    }

    /** Reads {@code "TYPE": value}} after the value object's START_OBJECT. */
    private static AttributeValue readValue(JsonParser json) throws IOException {
        expect(json, json.nextToken(), JsonToken.FIELD_NAME);
        String type = json.currentName();
        JsonToken token = json.nextToken();
        AttributeValue value = switch (type) {
            case "S" -> AttributeValue.fromS(text(json, token));
            case "N" -> AttributeValue.fromN(text(json, token));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(json.getBinaryValue()));
            case "BOOL" -> AttributeValue.fromBool(json.getBooleanValue());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(strings(json, token));
            case "NS" -> AttributeValue.fromNs(strings(json, token));
            case "BS" -> AttributeValue.fromBs(binaries(json, token));
            case "M" -> {
                expect(json, token, JsonToken.START_OBJECT);
                yield AttributeValue.fromM(readMap(json));
            }
            case "L" -> {
                expect(json, token, JsonToken.START_ARRAY);
                List<AttributeValue> list = new ArrayList<>();
                while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
                    list.add(readValue(json));
                }
                expect(json, token, JsonToken.END_ARRAY);
                yield AttributeValue.fromL(list);
            }
            default -> throw corrupt(json, "unknown attribute type '" + type + "'");
        };
        expect(json, json.nextToken(), JsonToken.END_OBJECT);
        return value;
    }

    private static String text(JsonParser json, JsonToken token) throws IOException {
        expect(json, token, JsonToken.VALUE_STRING);
        return json.getText();
    }

    private static List<String> strings(JsonParser json, JsonToken token) throws IOException {
        expect(json, token, JsonToken.START_ARRAY);
        List<String> values = new ArrayList<>();
        while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
            values.add(json.getText());
        }
        expect(json, token, JsonToken.END_ARRAY);
        return values;
    }

    private static List<SdkBytes> binaries(JsonParser json, JsonToken token) throws IOException {
        expect(json, token, JsonToken.START_ARRAY);
        List<SdkBytes> values = new ArrayList<>();
        while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
            values.add(SdkBytes.fromByteArrayUnsafe(json.getBinaryValue()));
        }
        expect(json, token, JsonToken.END_ARRAY);
        return values;
    }

    static void expect(JsonParser json, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw corrupt(json, "expected " + expected + " but found " + actual);
        }
    }

    static IOException corrupt(JsonParser json, String problem) {
        return new IOException("Corrupt DynamoDB JSON at line " + json.currentLocation().getLineNr() + ": " + problem);
    }
}
