package io.strata.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * The data files of an export to restore from, wherever it came from: a Strata recovery point or a
 * native DynamoDB export.
 *
 * @param schema empty for a native export, which carries none
 */
public record ExportSource(String description, String bucket, List<File> files, long expectedItems,
                           Optional<TableSchema> schema) {

    public ExportSource {
        files = List.copyOf(files);
    }

    public record File(String key, long itemCount) {
    }
}
