package io.strata.vault;

import io.strata.dynamodb.TableSchema;
import java.time.Instant;
import java.util.List;

/**
 * The descriptor {@code recovery-point.json}. Written last: its presence commits the recovery point.
 *
 * @param exportPrefix the {@code AWSDynamoDB/<exportId>/} folder holding the native-format manifests
 */
public record RecoveryPoint(
        String strataVersion,
        String key,
        String resource,
        String service,
        String region,
        String plan,
        String mode,
        Instant startedAt,
        Instant finishedAt,
        long itemCount,
        long bytes,
        String exportPrefix,
        List<DataFile> files,
        TableSchema schema) {

    public RecoveryPoint {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
