package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.strata.local.DemoTable;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private static String write(Map<String, AttributeValue> item) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            ItemCodec.writeLine(json, item);
        }
        return out.toString();
    }

    @Test
    void writesDynamoDbJsonAsTheNativeExportDoes() throws IOException {
        String line = write(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2}))));
        assertEquals("{\"Item\":{\"b\":{\"B\":\"AAEC\"}}}\n", line);
        assertEquals("{\"Item\":{\"n\":{\"NULL\":true}}}\n", write(Map.of("n", AttributeValue.fromNul(true))));
    }

    @Test
    void everyTypeRoundTripsExactly() throws IOException {
        Random random = new Random(11);
        StringWriter out = new StringWriter();
        List<Map<String, AttributeValue>> items = List.of(DemoTable.item(0, random), DemoTable.item(1, random),
                DemoTable.item(17, random));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (var item : items) {
                ItemCodec.writeLine(json, item);
            }
        }
        assertEquals(3, out.toString().split("\n").length);
        try (JsonParser parser = JSON.createParser(out.toString())) {
            for (var item : items) {
                assertEquals(item, ItemCodec.readLine(parser));
            }
            assertNull(ItemCodec.readLine(parser));
        }
    }

    @Test
    void aCorruptLineIsReportedWithItsLineNumber() throws IOException {
        String text = "{\"Item\":{\"a\":{\"S\":\"x\"}}}\n{\"Item\":{\"a\":{\"Q\":\"x\"}}}\n";
        try (JsonParser parser = JSON.createParser(text)) {
            ItemCodec.readLine(parser);
            IOException error = assertThrows(IOException.class, () -> ItemCodec.readLine(parser));
            assertTrue(error.getMessage().contains("line 2"), error.getMessage());
            assertTrue(error.getMessage().contains("unknown attribute type 'Q'"), error.getMessage());
        }
    }
}
