package io.strata.rds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RDS section of {@code recovery-point.json} ({@code details}): the source as it was, and each
 * snapshot Strata made for the recovery point, by region (the first one is the source region's).
 *
 * @param export the export of the snapshot to S3, or null when the plan does not export
 */
public record RdsDetails(String kind, String id, String sourceArn, String engine, boolean encrypted, String kmsKeyId,
                         String instanceClass, Map<String, String> tags, List<SnapshotRef> snapshots, ExportRef export) {

    public RdsDetails {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    }

    /** One snapshot in one region; {@code kmsKeyId} is the key it is encrypted with there (null if unencrypted). */
    public record SnapshotRef(String region, String id, String arn, String kmsKeyId) {
    }

    /** An RDS export task: it writes Parquet under {@code s3://s3Bucket/s3Prefix/taskId/}. */
    public record ExportRef(String taskId, String s3Bucket, String s3Prefix) {
    }

    public SourceKind sourceKind() {
        return SourceKind.of(kind + "/" + id);
    }

    public Optional<SnapshotRef> in(String region) {
        return snapshots.stream().filter(s -> s.region().equals(region)).findFirst();
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public static RdsDetails of(RecoveryPoint point) {
        if (point.details() == null || point.details().isNull()) {
            throw new IllegalArgumentException("Recovery point " + point.key() + " has no RDS details (no snapshot ids)");
        }
        try {
            return Json.MAPPER.treeToValue(point.details(), RdsDetails.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Recovery point " + point.key() + " has unreadable RDS details: "
                    + e.getOriginalMessage(), e);
        }
    }
}
