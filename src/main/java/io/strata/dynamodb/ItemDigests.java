package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.strata.vault.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads every item of an export into a {@link ContentDigest}, in the pass that checks each data file
 * against its recorded MD5, SHA-256 and count ({@link ExportVerifier}): so the digest is of exactly the
 * items the export recorded, and a restore test can compare a restored table with it.
 */
final class ItemDigests implements ItemReader {

    private static final JsonFactory JSON = new JsonFactory();

    private final ContentDigest digest = new ContentDigest();

    ContentDigest digest() {
        return digest;
    }

    @Override
    public long read(int index, DataFile file, InputStream content) throws IOException {
        long items = 0;
        try (JsonParser json = JSON.createParser(content)) {
            Map<String, AttributeValue> item;
            while ((item = ItemCodec.readLine(json)) != null) {
                digest.add(item);
                items++;
            }
        }
        return items;
    }

    @Override
    public List<String> finish() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
