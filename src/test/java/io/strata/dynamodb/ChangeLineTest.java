package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class ChangeLineTest {

    private static final String META = "\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1733011200000000\"}},";

    @Test
    void aNewImageIsPutAndKeysAloneAreADelete() throws IOException {
        JsonParser json = new JsonFactory().createParser("{" + META + "\"Keys\":{\"pk\":{\"S\":\"a\"}},"
                + "\"NewImage\":{\"pk\":{\"S\":\"a\"},\"v\":{\"N\":\"2\"}},\"OldImage\":{\"pk\":{\"S\":\"a\"},\"v\":{\"N\":\"1\"}}}\n"
                + "{" + META + "\"Keys\":{\"pk\":{\"S\":\"b\"}},\"OldImage\":{\"pk\":{\"S\":\"b\"}}}\n"
                + "{" + META + "\"Keys\":{\"pk\":{\"S\":\"c\"}},\"NewImage\":{\"pk\":{\"S\":\"c\"}}}\n");

        ChangeLine update = ChangeLine.read(json);
        WriteRequest put = update.write();
        assertEquals(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("2")), put.putRequest().item());
        assertEquals(0, update.delta());

        ChangeLine delete = ChangeLine.read(json);
        assertNull(delete.write().putRequest());
        assertEquals(Map.of("pk", AttributeValue.fromS("b")), delete.write().deleteRequest().key());
        assertEquals(-1, delete.delta());

        ChangeLine insert = ChangeLine.read(json);
        assertNotNull(insert.write().putRequest());
        assertEquals(1, insert.delta());
        assertNull(ChangeLine.read(json));
    }

    @Test
    void aFullExportLineIsNotAChangeLine() throws IOException {
        JsonParser json = new JsonFactory().createParser("{\"Item\":{\"pk\":{\"S\":\"a\"}}}\n");
        IOException refused = assertThrows(IOException.class, () -> ChangeLine.read(json));
        assertTrue(refused.getMessage().contains("unexpected field 'Item'"), refused.getMessage());
    }
}
