package io.strata.dynamodb;

import io.strata.service.Progress;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPointKey;
import java.time.Instant;
import java.util.List;

/**
 * One export between the steps of {@code backup-dynamodb}: what {@link TableExporter#begin} opened (the
 * table's schema, the recovery point's key and its lease) and, after {@link TableExporter#scan}, the data
 * files and manifests written. Nothing of it is visible as a recovery point until {@link TableExporter#commit}.
 */
public record TableAttempt(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease,
                           String exportPrefix, List<DataFile> files, Instant finished, Progress progress) {

    static TableAttempt begun(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease) {
        // Native export ids are <14 digits>-<8 hex>; the key's random suffix makes this one unique too.
        String exportId = String.format("%014d-%s", key.time().toEpochMilli(), key.suffix());
        return new TableAttempt(schema, key, plan, lease, key.prefix() + "AWSDynamoDB/" + exportId + "/", List.of(), null,
                null);
    }

    TableAttempt scanned(List<DataFile> written, Instant at, Progress measured) {
        return new TableAttempt(schema, key, plan, lease, exportPrefix, List.copyOf(written), at, measured);
    }

    String table() {
        return schema.tableName();
    }

    String exportId() {
        String trimmed = exportPrefix.substring(0, exportPrefix.length() - 1);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    long items() {
        return files.stream().mapToLong(DataFile::itemCount).sum();
    }

    long bytes() {
        return files.stream().mapToLong(DataFile::bytes).sum();
    }
}
