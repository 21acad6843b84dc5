package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One line of an incremental export ({@code ExportViewType=NEW_AND_OLD_IMAGES}), as DynamoDB writes it:
 * {@code {"Metadata":{"WriteTimestampMicros":{"N":…}},"Keys":{…},"NewImage":{…},"OldImage":{…}}}. The
 * export holds each item changed in its window once, in its state at the window's end: {@code NewImage}
 * is that state, and a line without it is a delete. {@code OldImage} (absent for an item the window
 * created) is the state at the window's start; a restore needs it only to count the items.
 */
record ChangeLine(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage, boolean hadOldImage) {

    /** What the line does to the table: put the new image, or delete the key. */
    WriteRequest write() {
        return newImage != null ? WriteRequest.builder().putRequest(PutRequest.builder().item(newImage).build()).build()
                : WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(keys).build()).build();
    }

    /** How the line changes the table's item count: +1 created, -1 deleted, 0 updated. */
    int delta() {
        return (newImage != null ? 1 : 0) - (hadOldImage ? 1 : 0);
    }

    /** The next line, or null at the end of the stream; anything but a change line is a corrupt data file. */
    static ChangeLine read(JsonParser json) throws IOException {
        JsonToken token = json.nextToken();
        if (token == null) {
            return null;
        }
        ItemCodec.expect(json, token, JsonToken.START_OBJECT);
        Map<String, AttributeValue> keys = null;
        Map<String, AttributeValue> newImage = null;
        boolean old = false;
        boolean metadata = false;
        while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            ItemCodec.expect(json, json.nextToken(), JsonToken.START_OBJECT);
            Map<String, AttributeValue> map = ItemCodec.readMap(json);
            switch (field) {
                case "Keys" -> keys = map;
                case "NewImage" -> newImage = map;
                case "OldImage" -> old = true;
                case "Metadata" -> metadata = true;
                default -> throw ItemCodec.corrupt(json, "unexpected field '" + field + "' in an incremental export line");
            }
        }
        ItemCodec.expect(json, token, JsonToken.END_OBJECT);
        if (keys == null || !metadata) {
            throw ItemCodec.corrupt(json, "incremental export line without \"Keys\" or \"Metadata\"");
        }
        return new ChangeLine(keys, newImage, old);
    }
}
