package io.strata.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** The field of {@code details} that {@link #needs()} reads. */
    public static final String NEEDS = "needs";

    /** The field of {@code details} that {@link #afterGap()} reads. */
    public static final String AFTER_GAP = "afterGap";

    public RecoveryPoint {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * {@code details.needs}: the recovery points a restore of this one also reads (an incremental export's
     * chain), oldest first. Retention keeps them while this one is kept; the vault knows nothing else of them.
     */
    public List<String> needs() {
        if (details == null || !details.path(NEEDS).isArray()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        details.path(NEEDS).forEach(key -> keys.add(key.asText()));
        return keys;
    }

    /**
     * {@code details.afterGap}: why the chain before this full export broke (a missed window, a failed export),
     * when it starts a new incremental chain after a gap; empty otherwise. {@code list} reports the gap with it.
     */
    public Optional<String> afterGap() {
        return details == null || !details.path(AFTER_GAP).isTextual() ? Optional.empty()
                : Optional.of(details.path(AFTER_GAP).asText());
    }

    /** The resource's id without its service, e.g. {@code orders} or {@code instance/prod-db}. */
    public String resourceId() {
        return resource.substring(resource.indexOf(':') + 1);
    }
}
