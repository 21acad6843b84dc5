package io.strata.support;

import io.strata.support.FakeRds.Thing;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.rds.model.*;

/**
 * One region's handler of a {@link FakeRds} world: only the calls Strata makes, each named and typed
 * as the SDK client's method of the same operation, so that {@link QueryServer} finds it.
 */
final class FakeRdsClient {

    private final FakeRds world;
    private final String region;
    private final FakeRdsRegion state;

    FakeRdsClient(FakeRds world, String region) {
        this.world = world;
        this.region = region;
        this.state = new FakeRdsRegion(world, region);
    }

    private <T> T call(SdkRequest request, Supplier<T> work) {
        world.record(region, request);
        synchronized (world.lock) {
            return work.get();
        }
    }

    // ---- instances and clusters

    DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest r) {
        return call(r, () -> DescribeDbInstancesResponse.builder().dbInstances(state.select("instance", r.dbInstanceIdentifier(),
                DbInstanceNotFoundException.builder(), "DBInstanceNotFound", "DBInstance").map(state::instance).toList()).build());
    }

    DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest r) {
        return call(r, () -> DescribeDbClustersResponse.builder().dbClusters(state.select("cluster", r.dbClusterIdentifier(),
                DbClusterNotFoundException.builder(), "DBClusterNotFoundFault", "DBCluster").map(state::cluster).toList()).build());
    }

    CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest r) {
        return call(r, () -> {
            Thing cluster = r.dbClusterIdentifier() == null ? null : state.require("cluster", r.dbClusterIdentifier(),
                    DbClusterNotFoundException.builder(), "DBClusterNotFoundFault", "DBCluster");
            Thing instance = state.newInstance(r.dbInstanceIdentifier(), r.engine(), r.dbInstanceClass());
            instance.tags.putAll(FakeRdsRegion.tags(r.tags()));
            if (cluster != null) {
                instance.attributes.put("cluster", cluster.id);
                cluster.attributes.merge("members", instance.id, (a, b) -> a + "," + b);
            }
            return CreateDbInstanceResponse.builder().dbInstance(state.instance(instance)).build();
        });
    }

    // ---- snapshots

    DescribeDbSnapshotsResponse describeDBSnapshots(DescribeDbSnapshotsRequest r) {
        return call(r, () -> DescribeDbSnapshotsResponse.builder().dbSnapshots(state.select("snapshot", r.dbSnapshotIdentifier(),
                        DbSnapshotNotFoundException.builder(), "DBSnapshotNotFound", "DBSnapshot")
                .filter(s -> r.dbInstanceIdentifier() == null || r.dbInstanceIdentifier().equals(s.get("source")))
                .map(state::snapshot).toList()).build());
    }

    DescribeDbClusterSnapshotsResponse describeDBClusterSnapshots(DescribeDbClusterSnapshotsRequest r) {
        return call(r, () -> DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(state.select("cluster-snapshot",
                        r.dbClusterSnapshotIdentifier(), DbClusterSnapshotNotFoundException.builder(),
                        "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot")
                .filter(s -> r.dbClusterIdentifier() == null || r.dbClusterIdentifier().equals(s.get("source")))
                .map(state::clusterSnapshot).toList()).build());
    }

    CreateDbSnapshotResponse createDBSnapshot(CreateDbSnapshotRequest r) {
        return call(r, () -> {
            Thing source = state.require("instance", r.dbInstanceIdentifier(), DbInstanceNotFoundException.builder(),
                    "DBInstanceNotFound", "DBInstance");
            if (source.get("cluster") != null) {
                throw FakeRds.error(InvalidDbInstanceStateException.builder(), "InvalidDBInstanceState", "The specified "
                        + "instance is a member of a cluster and a snapshot cannot be created directly.", 400);
            }
            Thing snapshot = state.newSnapshot("snapshot", r.dbSnapshotIdentifier(), source, r.tags(),
                    DbSnapshotAlreadyExistsException.builder(), "DBSnapshotAlreadyExists");
            return lose(CreateDbSnapshotResponse.builder().dbSnapshot(state.snapshot(snapshot)).build());
        });
    }

    CreateDbClusterSnapshotResponse createDBClusterSnapshot(CreateDbClusterSnapshotRequest r) {
        return call(r, () -> {
            Thing source = state.require("cluster", r.dbClusterIdentifier(), DbClusterNotFoundException.builder(),
                    "DBClusterNotFoundFault", "DBCluster");
            Thing snapshot = state.newSnapshot("cluster-snapshot", r.dbClusterSnapshotIdentifier(), source, r.tags(),
                    DbClusterSnapshotAlreadyExistsException.builder(), "DBClusterSnapshotAlreadyExistsFault");
            return lose(CreateDbClusterSnapshotResponse.builder().dbClusterSnapshot(state.clusterSnapshot(snapshot)).build());
        });
    }

    CopyDbSnapshotResponse copyDBSnapshot(CopyDbSnapshotRequest r) {
        return call(r, () -> CopyDbSnapshotResponse.builder().dbSnapshot(state.snapshot(state.copy("snapshot",
                r.sourceDBSnapshotIdentifier(), r.preSignedUrl(), r.targetDBSnapshotIdentifier(), r.kmsKeyId(),
                r.copyTags(), r.tags(), DbSnapshotNotFoundException.builder(), "DBSnapshotNotFound",
                DbSnapshotAlreadyExistsException.builder(), "DBSnapshotAlreadyExists"))).build());
    }

    CopyDbClusterSnapshotResponse copyDBClusterSnapshot(CopyDbClusterSnapshotRequest r) {
        return call(r, () -> CopyDbClusterSnapshotResponse.builder().dbClusterSnapshot(state.clusterSnapshot(state.copy("cluster-snapshot",
                r.sourceDBClusterSnapshotIdentifier(), r.preSignedUrl(), r.targetDBClusterSnapshotIdentifier(), r.kmsKeyId(),
                r.copyTags(), r.tags(), DbClusterSnapshotNotFoundException.builder(), "DBClusterSnapshotNotFoundFault",
                DbClusterSnapshotAlreadyExistsException.builder(), "DBClusterSnapshotAlreadyExistsFault"))).build());
    }

    DeleteDbSnapshotResponse deleteDBSnapshot(DeleteDbSnapshotRequest r) {
        return call(r, () -> {
            Thing gone = state.require("snapshot", r.dbSnapshotIdentifier(), DbSnapshotNotFoundException.builder(),
                    "DBSnapshotNotFound", "DBSnapshot");
            state.requireDeletable(gone);
            world.in("snapshot", region).remove(gone.id);
            gone.status = "deleted";
            return DeleteDbSnapshotResponse.builder().dbSnapshot(state.snapshot(gone)).build();
        });
    }

    DeleteDbClusterSnapshotResponse deleteDBClusterSnapshot(DeleteDbClusterSnapshotRequest r) {
        return call(r, () -> {
            Thing gone = state.require("cluster-snapshot", r.dbClusterSnapshotIdentifier(),
                    DbClusterSnapshotNotFoundException.builder(), "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot");
            state.requireDeletable(gone);
            world.in("cluster-snapshot", region).remove(gone.id);
            gone.status = "deleted";
            return DeleteDbClusterSnapshotResponse.builder().dbClusterSnapshot(state.clusterSnapshot(gone)).build();
        });
    }

    /**
     * As AWS documents DeleteDBInstance: an instance that is not available (or failed) cannot be deleted; one of no
     * cluster needs SkipFinalSnapshot or a FinalDBSnapshotIdentifier. It is gone at once (AWS shows it 'deleting' a while).
     */
    DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest r) {
        return call(r, () -> {
            Thing gone = state.require("instance", r.dbInstanceIdentifier(), DbInstanceNotFoundException.builder(),
                    "DBInstanceNotFound", "DBInstance");
            if (!List.of("available", "failed").contains(gone.status)) {
                throw FakeRds.error(InvalidDbInstanceStateException.builder(), "InvalidDBInstanceState",
                        "Instance " + gone.id + " is not in available state (" + gone.status + ")", 400);
            }
            if (gone.get("cluster") == null && !Boolean.TRUE.equals(r.skipFinalSnapshot())
                    && r.finalDBSnapshotIdentifier() == null) {
                throw FakeRds.error(RdsException.builder(), "InvalidParameterCombination", "FinalDBSnapshotIdentifier is "
                        + "required unless SkipFinalSnapshot is specified", 400);
            }
            world.in("instance", region).remove(gone.id);
            gone.status = "deleting";
            return DeleteDbInstanceResponse.builder().dbInstance(state.instance(gone)).build();
        });
    }

    /** A cluster that still has member instances cannot be deleted, as AWS answers (InvalidDBClusterStateFault). */
    DeleteDbClusterResponse deleteDBCluster(DeleteDbClusterRequest r) {
        return call(r, () -> {
            Thing gone = state.require("cluster", r.dbClusterIdentifier(), DbClusterNotFoundException.builder(),
                    "DBClusterNotFoundFault", "DBCluster");
            if (world.in("instance", region).values().stream().anyMatch(i -> gone.id.equals(i.get("cluster")))) {
                throw FakeRds.error(InvalidDbClusterStateException.builder(), "InvalidDBClusterStateFault",
                        "Cluster cannot be deleted, it still contains DB instances in non-deleting state.", 400);
            }
            if (!Boolean.TRUE.equals(r.skipFinalSnapshot()) && r.finalDBSnapshotIdentifier() == null) {
                throw FakeRds.error(RdsException.builder(), "InvalidParameterCombination", "FinalDBSnapshotIdentifier is "
                        + "required unless SkipFinalSnapshot is specified", 400);
            }
            world.in("cluster", region).remove(gone.id);
            gone.status = "deleting";
            return DeleteDbClusterResponse.builder().dbCluster(state.cluster(gone)).build();
        });
    }

    // ---- restores

    RestoreDbInstanceFromDbSnapshotResponse restoreDBInstanceFromDBSnapshot(RestoreDbInstanceFromDbSnapshotRequest r) {
        return call(r, () -> {
            Thing snapshot = state.require("snapshot", r.dbSnapshotIdentifier(), DbSnapshotNotFoundException.builder(),
                    "DBSnapshotNotFound", "DBSnapshot");
            state.requireAvailable(snapshot);
            Thing instance = state.newInstance(r.dbInstanceIdentifier(), snapshot.get("engine"),
                    r.dbInstanceClass() != null ? r.dbInstanceClass() : snapshot.get("class"));
            instance.attributes.put("restored-from", snapshot.id);
            restoredTags(instance, r.tags(), snapshot);
            return RestoreDbInstanceFromDbSnapshotResponse.builder().dbInstance(state.instance(instance)).build();
        });
    }

    RestoreDbClusterFromSnapshotResponse restoreDBClusterFromSnapshot(RestoreDbClusterFromSnapshotRequest r) {
        return call(r, () -> {
            if (r.engine() == null) {
                throw FakeRds.error(RdsException.builder(), "InvalidParameterValue", "Engine is required", 400);
            }
            String id = r.snapshotIdentifier().startsWith("arn:") ? r.snapshotIdentifier().substring(
                    r.snapshotIdentifier().lastIndexOf(':') + 1) : r.snapshotIdentifier();
            Thing snapshot = state.require("cluster-snapshot", id, DbClusterSnapshotNotFoundException.builder(),
                    "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot");
            state.requireAvailable(snapshot);
            Thing cluster = state.newCluster(r.dbClusterIdentifier(), r.engine());
            cluster.attributes.put("restored-from", snapshot.id);
            restoredTags(cluster, r.tags(), snapshot);
            return RestoreDbClusterFromSnapshotResponse.builder().dbCluster(state.cluster(cluster)).build();
        });
    }

    RestoreDbInstanceToPointInTimeResponse restoreDBInstanceToPointInTime(RestoreDbInstanceToPointInTimeRequest r) {
        return call(r, () -> {
            Thing source = state.require("instance", r.sourceDBInstanceIdentifier(), DbInstanceNotFoundException.builder(),
                    "DBInstanceNotFound", "DBInstance");
            state.checkRestoreTime(r.restoreTime(), r.useLatestRestorableTime());
            Thing instance = state.newInstance(r.targetDBInstanceIdentifier(), source.get("engine"),
                    r.dbInstanceClass() != null ? r.dbInstanceClass() : source.get("class"));
            instance.attributes.put("restored-from", source.id + "@" + (r.restoreTime() == null ? "latest" : r.restoreTime()));
            restoredTags(instance, r.tags(), source);
            return RestoreDbInstanceToPointInTimeResponse.builder().dbInstance(state.instance(instance)).build();
        });
    }

    RestoreDbClusterToPointInTimeResponse restoreDBClusterToPointInTime(RestoreDbClusterToPointInTimeRequest r) {
        return call(r, () -> {
            Thing source = state.require("cluster", r.sourceDBClusterIdentifier(), DbClusterNotFoundException.builder(),
                    "DBClusterNotFoundFault", "DBCluster");
            state.checkRestoreTime(r.restoreToTime(), r.useLatestRestorableTime());
            Thing cluster = state.newCluster(r.dbClusterIdentifier(), source.get("engine"));
            cluster.attributes.put("restored-from", source.id + "@" + (r.restoreToTime() == null ? "latest" : r.restoreToTime()));
            restoredTags(cluster, r.tags(), source);
            return RestoreDbClusterToPointInTimeResponse.builder().dbCluster(state.cluster(cluster)).build();
        });
    }

    /**
     * As the RDS user guide says of restores: tags given in the request are the restored resource's; without any,
     * it gets the tags of the snapshot (or of the source of a point-in-time restore).
     */
    private static void restoredTags(Thing restored, List<Tag> given, Thing from) {
        if (given != null && !given.isEmpty()) {
            restored.tags.putAll(FakeRdsRegion.tags(given));
        } else {
            restored.tags.putAll(from.tags);
        }
    }

    // ---- exports

    StartExportTaskResponse startExportTask(StartExportTaskRequest r) {
        return call(r, () -> {
            if (r.iamRoleArn() == null || r.kmsKeyId() == null || r.s3BucketName() == null) {
                throw FakeRds.error(RdsException.builder(), "InvalidParameterValue",
                        "IamRoleArn, KmsKeyId and S3BucketName are required", 400);
            }
            if (world.in("export", region).containsKey(r.exportTaskIdentifier())) {
                throw FakeRds.error(ExportTaskAlreadyExistsException.builder(), "ExportTaskAlreadyExists",
                        "Export task " + r.exportTaskIdentifier() + " already exists", 400);
            }
            String id = r.sourceArn().substring(r.sourceArn().lastIndexOf(':') + 1);
            String kind = r.sourceArn().contains(":cluster-snapshot:") ? "cluster-snapshot" : "snapshot";
            Thing snapshot = state.require(kind, id, DbSnapshotNotFoundException.builder(), "DBSnapshotNotFound", "DBSnapshot");
            state.requireAvailable(snapshot);
            Thing task = world.put(new Thing("export", region, r.exportTaskIdentifier(), "STARTING"));
            task.attributes.put("source", r.sourceArn());
            task.attributes.put("db", snapshot.get("source") == null ? "db" : snapshot.get("source"));
            task.attributes.put("bucket", r.s3BucketName());
            task.attributes.put("prefix", r.s3Prefix());
            return StartExportTaskResponse.builder().exportTaskIdentifier(task.id).status(task.status).build();
        });
    }

    DescribeExportTasksResponse describeExportTasks(DescribeExportTasksRequest r) {
        return call(r, () -> {
            Thing task = world.in("export", region).get(r.exportTaskIdentifier());
            if (task == null) {
                throw FakeRds.error(ExportTaskNotFoundException.builder(), "ExportTaskNotFound",
                        "Cannot find export task with ID " + r.exportTaskIdentifier(), 404);
            }
            task.polls++;
            boolean completes = !"COMPLETE".equals(task.status) && task.polls >= world.pollsToAvailable;
            task.status = task.polls >= world.pollsToAvailable ? "COMPLETE" : "IN_PROGRESS";
            if (completes) {
                world.writeExport(task);
            }
            return DescribeExportTasksResponse.builder().exportTasks(ExportTask.builder().exportTaskIdentifier(task.id)
                    .sourceArn(task.get("source")).s3Bucket(task.get("bucket")).s3Prefix(task.get("prefix"))
                    .status(task.status).percentProgress(Math.min(100, task.polls * 100 / world.pollsToAvailable))
                    .build()).build();
        });
    }

    private <T> T lose(T response) {
        if (world.loseNextCreateResponse) {
            world.loseNextCreateResponse = false;
            throw new QueryServer.ResponseLost(); // the snapshot was made; the caller hears nothing
        }
        return response;
    }

}
