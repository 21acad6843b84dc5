package io.strata.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The descriptor {@code recovery-point.json}. Written last: its presence commits the recovery point.
 * The vault knows no service: what only one service reads is kept as JSON and read by that service.
 *
 * @param exportPrefix the {@code AWSDynamoDB/<exportId>/} folder holding the native-format manifests
 *                     (DynamoDB exports only)
 * @param files        the data files in the vault, with their digests (none for snapshot-based services)
 * @param schema       the DynamoDB table schema (its name in descriptors written before services had sections)
 * @param details      the service's own section: snapshot ids per region, instance configuration, ...
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
        JsonNode schema,
        JsonNode details) {

    public RecoveryPoint {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The resource's id without its service, e.g. {@code orders} or {@code instance/prod-db}. */
    public String resourceId() {
        return resource.substring(resource.indexOf(':') + 1);
    }
}
