package io.strata.rds;

import java.util.Map;

/**
 * A DB instance or cluster as a backup sees it.
 *
 * @param instanceClass the instance's class, or the class of a cluster's writer (what a restore uses by default)
 */
public record RdsSource(SourceKind kind, String id, String arn, String engine, boolean encrypted, String kmsKeyId,
                        String instanceClass, Map<String, String> tags) {

    public RdsSource {
        tags = Map.copyOf(tags);
    }

    public String resourceId() {
        return kind.path() + "/" + id;
    }
}
