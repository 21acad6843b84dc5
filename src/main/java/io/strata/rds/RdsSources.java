package io.strata.rds;

import io.strata.plan.ResourceSelector;
import io.strata.service.NotFound;
import io.strata.service.Resource;
import io.strata.service.Throttled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * DB instances and clusters in the home region: selectors to resources, a resource to what a backup
 * needs. An instance that belongs to a cluster has no snapshot of its own (its storage is the
 * cluster's), so it is backed up through its cluster.
 */
public final class RdsSources {

    private static final Logger LOG = LoggerFactory.getLogger(RdsSources.class);

    /** Built on first use: a run without RDS selectors builds no RDS client. */
    private final Supplier<RdsClient> rds;
    private final Throttled throttled;

    public RdsSources(Supplier<RdsClient> rds, Throttled throttled) {
        this.rds = rds;
        this.throttled = throttled;
    }

    public List<Resource> resolve(List<ResourceSelector> selectors) {
        return new RdsSelectors().resolve(selectors, this::ids);
    }

    /** The resource ids a selector names: {@code instance/ID} or {@code cluster/ID}. */
    private List<String> ids(ResourceSelector selector) {
        if (selector.kind() == ResourceSelector.Kind.TAG) {
            List<String> tagged = new ArrayList<>();
            for (DBCluster cluster : throttled.call(() -> rds.get().describeDBClustersPaginator(r -> r.build()).dbClusters().stream().toList())) {
                if (selector.value().equals(RdsSnapshots.tags(cluster.tagList()).get(selector.tagKey()))) {
                    tagged.add("cluster/" + cluster.dbClusterIdentifier());
                }
            }
            for (DBInstance instance : throttled.call(() -> rds.get().describeDBInstancesPaginator(r -> r.build()).dbInstances().stream().toList())) {
                if (selector.value().equals(RdsSnapshots.tags(instance.tagList()).get(selector.tagKey()))) {
                    tagged.add(resourceOf(instance));
                }
            }
            return tagged.stream().distinct().toList();
        }
        SourceKind kind = SourceKind.of(selector.value());
        String id = SourceKind.idOf(selector.value());
        if (kind == SourceKind.INSTANCE) {
            return List.of(resourceOf(instance(id)));
        }
        return List.of("cluster/" + cluster(id).dbClusterIdentifier());
    }

    private static String resourceOf(DBInstance instance) {
        if (instance.dbClusterIdentifier() != null) {
            LOG.info("DB instance {} belongs to cluster {}: backed up through the cluster", instance.dbInstanceIdentifier(),
                    instance.dbClusterIdentifier());
            return "cluster/" + instance.dbClusterIdentifier();
        }
        return "instance/" + instance.dbInstanceIdentifier();
    }

    /** What a backup of {@code resourceId} ({@code instance/ID} or {@code cluster/ID}) needs to know. */
    public RdsSource describe(String resourceId) {
        SourceKind kind = SourceKind.of(resourceId);
        String id = SourceKind.idOf(resourceId);
        if (kind == SourceKind.INSTANCE) {
            DBInstance instance = instance(id);
            if (instance.dbClusterIdentifier() != null) {
                throw new IllegalArgumentException("DB instance " + id + " belongs to cluster " + instance.dbClusterIdentifier()
                        + ": back up rds:cluster/" + instance.dbClusterIdentifier() + " instead");
            }
            return new RdsSource(kind, id, instance.dbInstanceArn(), instance.engine(),
                    Boolean.TRUE.equals(instance.storageEncrypted()), instance.kmsKeyId(), instance.dbInstanceClass(),
                    RdsSnapshots.tags(instance.tagList()));
        }
        DBCluster cluster = cluster(id);
        String writerClass = cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .findFirst().map(m -> instance(m.dbInstanceIdentifier()).dbInstanceClass())
                .orElse(cluster.dbClusterInstanceClass());
        return new RdsSource(kind, id, cluster.dbClusterArn(), cluster.engine(), Boolean.TRUE.equals(cluster.storageEncrypted()),
                cluster.kmsKeyId(), writerClass, RdsSnapshots.tags(cluster.tagList()));
    }

    private DBInstance instance(String id) {
        try {
            return throttled.call(() -> rds.get().describeDBInstances(r -> r.dbInstanceIdentifier(id))).dbInstances().get(0);
        } catch (DbInstanceNotFoundException e) {
            throw new NotFound("DB instance " + id + " not found: " + RdsErrors.describe(e), e);
        }
    }

    private DBCluster cluster(String id) {
        try {
            return throttled.call(() -> rds.get().describeDBClusters(r -> r.dbClusterIdentifier(id))).dbClusters().get(0);
        } catch (DbClusterNotFoundException e) {
            throw new NotFound("DB cluster " + id + " not found: " + RdsErrors.describe(e), e);
        }
    }
}
