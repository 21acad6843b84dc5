package io.strata.dynamodb;

import io.strata.vault.DataFile;
import java.util.List;
import java.util.Optional;

/**
 * The data files of an export to restore from, wherever it came from: a Strata recovery point or a
 * native DynamoDB export. Each file carries what it must match when read back (size, digests, items).
 *
 * @param reference what {@code strata restore} takes to restore it again: a recovery point as
 *                  {@code strata list} prints it, or {@code s3://bucket/…}
 * @param schema    empty for a native export, which carries none
 */
public record ExportSource(String description, String reference, String bucket, List<DataFile> files,
                           long expectedItems, Optional<TableSchema> schema) {

    public ExportSource {
        files = List.copyOf(files);
    }
}
