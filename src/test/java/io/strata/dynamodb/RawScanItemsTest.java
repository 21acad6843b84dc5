package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.strata.text.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RawScanItemsTest {

    private static final String RESPONSE = "{\"Count\":2,\"Items\":["
            + "{\"pk\":{\"S\":\"a}{\\\"]\"},\"m\":{\"M\":{\"l\":{\"L\":[{\"N\":\"1\"},{\"B\":\"AAEC\"}]}}}},"
            + "{\"pk\":{\"S\":\"Z\\u00fcrich \u6771\u4eac\"},\"n\":{\"NULL\":true}}],"
            + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"Z\"}},\"ScannedCount\":2,"
            + "\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}";

    @Test
    void cutsTheItemsOutVerbatimAndKeepsEverythingElse() throws Exception {
        RawScanItems.Page page = new RawScanItems.Page();

        byte[] rest = page.split(RESPONSE.getBytes(StandardCharsets.UTF_8));

        assertEquals(2, page.count());
        var remaining = Json.MAPPER.readTree(rest);
        assertEquals(2, remaining.get("Count").asInt());
        assertEquals("Z", remaining.get("LastEvaluatedKey").get("pk").get("S").asText());
        assertEquals(0.5, remaining.get("ConsumedCapacity").get("CapacityUnits").asDouble());
        assertNull(remaining.get("Items"));

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        page.writeLines(lines);
        String text = lines.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.split("\n").length);
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            Map<String, AttributeValue> first = ItemCodec.readLine(parser);
            assertEquals("a}{\"]", first.get("pk").s());
            assertEquals("AAEC", java.util.Base64.getEncoder().encodeToString(
                    first.get("m").m().get("l").l().get(1).b().asByteArray()));
            assertEquals("Zürich 東京", ItemCodec.readLine(parser).get("pk").s());
            assertNull(ItemCodec.readLine(parser));
        }
    }

    @Test
    void anEmptyPageHasNoLines() throws Exception {
        RawScanItems.Page page = new RawScanItems.Page();
        page.split("{\"Count\":0,\"Items\":[],\"ScannedCount\":0}".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, page.count());
    }
}
