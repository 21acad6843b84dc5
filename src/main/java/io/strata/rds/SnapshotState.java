package io.strata.rds;

import java.util.Map;

/** One DB or DB cluster snapshot as DescribeDBSnapshots / DescribeDBClusterSnapshots report it. */
public record SnapshotState(SourceKind kind, String region, String id, String arn, String status, int percent,
                            boolean encrypted, String kmsKeyId, Map<String, String> tags) {

    public SnapshotState {
        tags = Map.copyOf(tags);
    }

    public boolean available() {
        return "available".equals(status);
    }

    /** States a snapshot does not leave on its own (AWS: failed, error, incompatible-*, deleting). */
    public boolean broken() {
        return status != null && (status.equals("failed") || status.equals("error") || status.startsWith("incompatible")
                || status.equals("deleting") || status.equals("deleted"));
    }
}
