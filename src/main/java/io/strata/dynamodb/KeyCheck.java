package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks the keys a restore will create its table with, before it creates anything: a {@code --key}
 * must agree with a recovery point's saved schema, and the keys of a native export (which carries
 * no schema) must be present, with their types, in its first item.
 */
final class KeyCheck {

    private static final JsonFactory JSON = new JsonFactory();

    private KeyCheck() {
    }

    /** The schema to restore with: the saved one, unless there is none and {@code --key} gives one. */
    static Optional<TableSchema> schemaFor(ExportSource source, String target, RestoreOptions options) {
        if (!options.hasKeys()) {
            return source.schema();
        }
        TableSchema given = TableSchema.fromKeys(target, options.keys());
        source.schema().ifPresent(saved -> {
            if (!describe(saved).equals(describe(given))) {
                throw new RestoreException("--key " + options.keys() + " contradicts " + source.description()
                        + ", saved with keys " + String.join(",", describe(saved))
                        + ": omit --key, the recovery point carries its schema");
            }
        });
        return Optional.of(source.schema().orElse(given));
    }

    /** Fails, naming the mismatch, unless the export's first item holds every key of {@code schema} with its type. */
    static void againstFirstItem(Vault vault, ExportSource source, TableSchema schema) {
        Optional<DataFile> first = source.files().stream().filter(f -> f.itemCount() > 0).findFirst();
        if (first.isEmpty()) {
            return;
        }
        Map<String, AttributeValue> item = firstItem(vault, source.bucket(), first.get().key());
        if (item == null) {
            return; // an empty file that claims items fails later, on its count
        }
        for (TableSchema.Key key : schema.keySchema()) {
            String type = typeOf(schema, key.name());
            AttributeValue value = item.get(key.name());
            if (value == null) {
                throw new RestoreException("Keys " + String.join(",", describe(schema)) + " do not match "
                        + source.description() + ": its first item has no attribute '" + key.name() + "' (it has "
                        + String.join(", ", item.keySet()) + "); nothing was created");
            }
            String actual = value.type().toString();
            if (!actual.equals(type)) {
                throw new RestoreException("Keys " + String.join(",", describe(schema)) + " do not match "
                        + source.description() + ": its first item has '" + key.name() + "' of type " + actual
                        + ", not " + type + "; nothing was created");
            }
        }
    }

    private static Map<String, AttributeValue> firstItem(Vault vault, String bucket, String key) {
        try (InputStream in = new GZIPInputStream(vault.open(bucket, key));
             JsonParser json = JSON.createParser(in)) {
            return ItemCodec.readLine(json);
        } catch (IOException e) {
            throw new RestoreException("Cannot read the first item of s3://" + bucket + "/" + key + ": " + Failures.message(e), e);
        }
    }

    /** {@code name:TYPE} of each key, hash first: what --key spells. */
    private static List<String> describe(TableSchema schema) {
        return schema.keySchema().stream().map(k -> k.name() + ":" + typeOf(schema, k.name())).toList();
    }

    private static String typeOf(TableSchema schema, String attribute) {
        return schema.attributeDefinitions().stream().filter(a -> a.name().equals(attribute))
                .map(TableSchema.Attribute::type).findFirst().orElse("?");
    }
}
