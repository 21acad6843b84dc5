package io.strata.rds;

import io.strata.service.Throttled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The snapshot calls of both kinds (DB instance and DB cluster snapshots have twin APIs), in any
 * region, each retried when AWS throttles it.
 */
public final class RdsSnapshots {

    private final Function<Region, RdsClient> clients;
    private final Throttled throttled;

    public RdsSnapshots(Function<Region, RdsClient> clients, Throttled throttled) {
        this.clients = clients;
        this.throttled = throttled;
    }

    private RdsClient in(String region) {
        return clients.apply(Region.of(region));
    }

    /** The snapshot, or empty when AWS says it does not exist. */
    public Optional<SnapshotState> find(SourceKind kind, String region, String id) {
        try {
            return Optional.of(switch (kind) {
                case INSTANCE -> of(region, throttled.call(() -> in(region).describeDBSnapshots(r -> r.dbSnapshotIdentifier(id)))
                        .dbSnapshots().get(0));
                case CLUSTER -> of(region, throttled.call(() -> in(region).describeDBClusterSnapshots(
                        r -> r.dbClusterSnapshotIdentifier(id))).dbClusterSnapshots().get(0));
            });
        } catch (DbSnapshotNotFoundException | DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    public SnapshotState create(SourceKind kind, String region, String sourceId, String snapshotId, Map<String, String> tags) {
        List<Tag> tagList = tags(tags);
        return switch (kind) {
            case INSTANCE -> of(region, throttled.call(() -> in(region).createDBSnapshot(r -> r
                    .dbInstanceIdentifier(sourceId).dbSnapshotIdentifier(snapshotId).tags(tagList))).dbSnapshot());
            case CLUSTER -> of(region, throttled.call(() -> in(region).createDBClusterSnapshot(r -> r
                    .dbClusterIdentifier(sourceId).dbClusterSnapshotIdentifier(snapshotId).tags(tagList)))
                    .dbClusterSnapshot());
        };
    }

    /**
     * Copies {@code source} into {@code toRegion} under the same id, called in the destination
     * region's client: the SDK pre-signs the request for {@code SourceRegion}.
     */
    public SnapshotState copy(SnapshotState source, String toRegion, String kmsKeyId) {
        return switch (source.kind()) {
            case INSTANCE -> of(toRegion, throttled.call(() -> in(toRegion).copyDBSnapshot(r -> r
                    .sourceDBSnapshotIdentifier(source.arn()).targetDBSnapshotIdentifier(source.id())
                    .sourceRegion(source.region()).kmsKeyId(kmsKeyId).copyTags(true))).dbSnapshot());
            case CLUSTER -> of(toRegion, throttled.call(() -> in(toRegion).copyDBClusterSnapshot(r -> r
                    .sourceDBClusterSnapshotIdentifier(source.arn()).targetDBClusterSnapshotIdentifier(source.id())
                    .sourceRegion(source.region()).kmsKeyId(kmsKeyId).copyTags(true))).dbClusterSnapshot());
        };
    }

    /** Manual snapshots of this kind in the region: what the per-region quota counts. */
    public int countManual(SourceKind kind, String region) {
        return switch (kind) {
            case INSTANCE -> throttled.call(() -> in(region).describeDBSnapshotsPaginator(r -> r.snapshotType("manual"))
                    .dbSnapshots().stream().mapToInt(s -> 1).sum());
            case CLUSTER -> throttled.call(() -> in(region).describeDBClusterSnapshotsPaginator(
                    r -> r.snapshotType("manual")).dbClusterSnapshots().stream().mapToInt(s -> 1).sum());
        };
    }

    /** Manual snapshots of this kind in the region: of the DB instance or cluster {@code sourceId}, or all of them (null). */
    public List<SnapshotState> manual(SourceKind kind, String region, String sourceId) {
        return switch (kind) {
            case INSTANCE -> throttled.call(() -> in(region).describeDBSnapshotsPaginator(r -> r.snapshotType("manual")
                    .dbInstanceIdentifier(sourceId)).dbSnapshots().stream().map(s -> of(region, s)).toList());
            case CLUSTER -> throttled.call(() -> in(region).describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")
                    .dbClusterIdentifier(sourceId)).dbClusterSnapshots().stream().map(s -> of(region, s)).toList());
        };
    }

    public void delete(SourceKind kind, String region, String id) {
        switch (kind) {
            case INSTANCE -> throttled.call(() -> in(region).deleteDBSnapshot(r -> r.dbSnapshotIdentifier(id)));
            case CLUSTER -> throttled.call(() -> in(region).deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(id)));
        }
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value() == null ? "" : tag.value()));
        }
        return map;
    }

    private static SnapshotState of(String region, DBSnapshot s) {
        return new SnapshotState(SourceKind.INSTANCE, region, s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.status(),
                s.percentProgress() == null ? 0 : s.percentProgress(), Boolean.TRUE.equals(s.encrypted()), s.kmsKeyId(),
                tags(s.tagList()));
    }

    private static SnapshotState of(String region, DBClusterSnapshot s) {
        return new SnapshotState(SourceKind.CLUSTER, region, s.dbClusterSnapshotIdentifier(), s.dbClusterSnapshotArn(),
                s.status(), s.percentProgress() == null ? 0 : s.percentProgress(), Boolean.TRUE.equals(s.storageEncrypted()),
                s.kmsKeyId(), tags(s.tagList()));
    }
}
