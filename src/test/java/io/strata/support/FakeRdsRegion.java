package io.strata.support;

import io.strata.support.FakeRds.Thing;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.*;

/** The state of one region of a {@link FakeRds} world, and its model views; called under the world's lock. */
final class FakeRdsRegion {

    private final FakeRds world;
    private final String region;

    FakeRdsRegion(FakeRds world, String region) {
        this.world = world;
        this.region = region;
    }


    Stream<Thing> select(String kind, String id, AwsServiceException.Builder notFound, String code, String noun) {
        Stream<Thing> selected = id == null ? List.copyOf(world.in(kind, region).values()).stream()
                : Stream.of(require(kind, id, notFound, code, noun));
        return selected.peek(this::advance);
    }

    Thing require(String kind, String id, AwsServiceException.Builder notFound, String code, String noun) {
        Thing thing = world.in(kind, region).get(id == null ? "" : id.toLowerCase());
        if (thing == null) {
            throw FakeRds.error(notFound, code, noun + " " + id + " not found.", 404);
        }
        return thing;
    }

    /** One describe poll: a resource in a transitional state moves on. */
    void advance(Thing thing) {
        if (!List.of("creating", "pending", "modifying").contains(thing.status)) {
            return;
        }
        thing.polls++;
        if (thing.polls >= world.pollsToAvailable) {
            boolean copy = thing.status.equals("pending");
            thing.status = "true".equals(thing.get("fails")) ? "failed" : "available";
            if (copy) {
                world.copiesInFlight.merge(region, -1, Integer::sum);
            }
        }
    }

    /** RDS deletes a snapshot only once it is available (or failed): "The DB snapshot must be in the available state to be deleted." */
    void requireDeletable(Thing snapshot) {
        if (!List.of("available", "failed").contains(snapshot.status)) {
            boolean cluster = snapshot.kind.equals("cluster-snapshot");
            throw FakeRds.error(cluster ? InvalidDbClusterSnapshotStateException.builder()
                    : InvalidDbSnapshotStateException.builder(), cluster ? "InvalidDBClusterSnapshotStateFault"
                    : "InvalidDBSnapshotState", "Cannot delete snapshot " + snapshot.id + ": it is " + snapshot.status
                    + ", not available", 400);
        }
    }

    void requireAvailable(Thing snapshot) {
        if (!"available".equals(snapshot.status)) {
            throw FakeRds.error(InvalidDbSnapshotStateException.builder(), "InvalidDBSnapshotState",
                    "Snapshot " + snapshot.id + " is not available (" + snapshot.status + ")", 400);
        }
    }

    Thing newSnapshot(String kind, String id, Thing source, List<Tag> tags, AwsServiceException.Builder exists,
                              String existsCode) {
        if (world.in(kind, region).containsKey(id.toLowerCase())) {
            throw FakeRds.error(exists, existsCode, "Cannot create the snapshot because a snapshot with the identifier "
                    + id + " already exists.", 400);
        }
        checkQuota(kind);
        Thing snapshot = world.put(new Thing(kind, region, id.toLowerCase(), "creating"));
        snapshot.attributes.put("source", source.id);
        snapshot.attributes.put("engine", source.get("engine"));
        snapshot.attributes.put("class", source.get("class"));
        if (source.get("kms") != null) {
            snapshot.attributes.put("kms", source.get("kms"));
        }
        if (world.snapshotsFail) {
            snapshot.attributes.put("fails", "true");
        }
        tags(tags).forEach(snapshot.tags::put);
        return snapshot;
    }

    Thing copy(String kind, String sourceArn, String preSignedUrl, String target, String kmsKeyId, Boolean copyTags,
                       List<Tag> tags, AwsServiceException.Builder notFound, String notFoundCode,
                       AwsServiceException.Builder exists, String existsCode) {
        // SourceRegion never goes on the wire (the SDK turns it into PreSignedUrl): RDS reads the source
        // region from the snapshot's ARN, which a copy from another region must give.
        String[] arn = sourceArn.split(":");
        String sourceRegion = arn.length >= 7 && sourceArn.startsWith("arn:aws:rds:") ? arn[3] : region;
        String sourceId = arn.length >= 7 ? arn[6] : sourceArn;
        Thing source = world.in(kind, sourceRegion).get(sourceId.toLowerCase());
        if (source == null) {
            throw FakeRds.error(notFound, notFoundCode, "Snapshot " + sourceArn + " not found.", 404);
        }
        if (!sourceRegion.equals(region)) {
            checkPresigned(kind, preSignedUrl, sourceArn, sourceRegion, source);
        }
        requireAvailable(source);
        if (source.get("kms") != null && kmsKeyId == null) {
            throw FakeRds.error(RdsException.builder(), "InvalidParameterCombination", "KmsKeyId is required to copy the "
                    + "encrypted snapshot " + sourceArn + " to " + region, 400);
        }
        if (kmsKeyId != null && !kmsKeyId.startsWith("arn:aws:kms:" + region + ":")) {
            throw FakeRds.error(KmsKeyNotAccessibleException.builder(), "KMSKeyNotAccessibleFault", "KMS key " + kmsKeyId
                    + " is not a key of " + region, 400);
        }
        if (world.in(kind, region).containsKey(target.toLowerCase())) {
            throw FakeRds.error(exists, existsCode, "Cannot copy the snapshot because a snapshot with the identifier "
                    + target + " already exists.", 400);
        }
        checkQuota(kind);
        Thing copy = world.put(new Thing(kind, region, target.toLowerCase(), "pending"));
        copy.attributes.putAll(source.attributes);
        copy.attributes.remove("fails");
        if (kmsKeyId != null) {
            copy.attributes.put("kms", kmsKeyId);
        }
        copy.attributes.put("copied-from", sourceArn);
        if (Boolean.TRUE.equals(copyTags)) {
            copy.tags.putAll(source.tags);
        }
        tags(tags).forEach(copy.tags::put);
        int inFlight = world.copiesInFlight.merge(region, 1, Integer::sum);
        world.maxCopiesInFlight.merge(region, inFlight, Math::max);
        return copy;
    }

    /**
     * A PreSignedUrl that is there must be the same copy, signed for the source region at its endpoint,
     * naming this destination. AWS requires one for an encrypted snapshot (the SDK makes it from
     * SourceRegion); so does this fake, so that a copy that lost it is seen.
     */
    private void checkPresigned(String kind, String url, String sourceArn, String sourceRegion, Thing source) {
        boolean cluster = kind.equals("cluster-snapshot");
        if (url == null) {
            if (source.get("kms") != null) {
                throw FakeRds.error(RdsException.builder(), "InvalidParameterValue", "PreSignedUrl is required to "
                        + "copy the encrypted snapshot " + sourceArn + " from " + sourceRegion + " to " + region, 400);
            }
            return;
        }
        PresignedCopy.problem(url, world.endpoint(), "rds", cluster ? "CopyDBClusterSnapshot" : "CopyDBSnapshot",
                cluster ? "SourceDBClusterSnapshotIdentifier" : "SourceDBSnapshotIdentifier", sourceArn, sourceRegion,
                region).ifPresent(problem -> {
                    throw FakeRds.error(RdsException.builder(), "InvalidParameterValue", "PreSignedUrl " + problem, 400);
                });
        world.presignedCopies.add(region + " " + source.id + " presigned for " + sourceRegion);
    }

    void checkQuota(String kind) {
        long manual = world.in(kind, region).values().stream().filter(s -> !"automated".equals(s.get("type"))).count();
        if (world.quotaExceeded || manual >= world.snapshotQuota) {
            throw FakeRds.error(SnapshotQuotaExceededException.builder(), "SnapshotQuotaExceeded",
                    "Cannot create more than " + world.snapshotQuota + " manual snapshots", 400);
        }
    }

    Thing newInstance(String id, String engine, String instanceClass) {
        if (world.in("instance", region).containsKey(id.toLowerCase())) {
            throw FakeRds.error(DbInstanceAlreadyExistsException.builder(), "DBInstanceAlreadyExists",
                    "DB instance already exists", 400);
        }
        Thing instance = world.put(new Thing("instance", region, id.toLowerCase(), "creating"));
        instance.attributes.put("engine", engine);
        instance.attributes.put("class", instanceClass);
        return instance;
    }

    Thing newCluster(String id, String engine) {
        if (world.in("cluster", region).containsKey(id.toLowerCase())) {
            throw FakeRds.error(DbClusterAlreadyExistsException.builder(), "DBClusterAlreadyExistsFault",
                    "DB Cluster already exists", 400);
        }
        Thing cluster = world.put(new Thing("cluster", region, id.toLowerCase(), "creating"));
        cluster.attributes.put("engine", engine);
        return cluster;
    }

    void checkRestoreTime(java.time.Instant time, Boolean latest) {
        if ((time == null) == !Boolean.TRUE.equals(latest)) {
            throw FakeRds.error(RdsException.builder(), "InvalidParameterCombination",
                    "Give exactly one of RestoreTime and UseLatestRestorableTime", 400);
        }
        if (time != null && time.isAfter(java.time.Instant.now())) {
            throw FakeRds.error(PointInTimeRestoreNotEnabledException.builder(), "InvalidRestoreFault",
                    "Restore time " + time + " is after the latest restorable time", 400);
        }
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return map;
    }

    static List<Tag> tagList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---- model views

    DBInstance instance(Thing t) {
        return DBInstance.builder().dbInstanceIdentifier(t.id).dbInstanceArn(t.arn()).engine(t.get("engine"))
                .dbInstanceClass(t.get("class")).dbInstanceStatus(t.status).dbClusterIdentifier(t.get("cluster"))
                .storageEncrypted(t.get("kms") != null).kmsKeyId(t.get("kms")).tagList(tagList(t.tags))
                .endpoint(e -> e.address(t.id + ".c0ffee." + region + ".rds.amazonaws.com").port(5432)).build();
    }

    DBCluster cluster(Thing t) {
        List<String> members = t.get("members") == null ? List.of() : List.of(t.get("members").split(","));
        return DBCluster.builder().dbClusterIdentifier(t.id).dbClusterArn(t.arn()).engine(t.get("engine")).status(t.status)
                .storageEncrypted(t.get("kms") != null).kmsKeyId(t.get("kms")).tagList(tagList(t.tags))
                .endpoint(t.id + ".cluster-c0ffee." + region + ".rds.amazonaws.com").port(5432)
                .dbClusterMembers(members.stream().map(m -> DBClusterMember.builder().dbInstanceIdentifier(m)
                        .isClusterWriter(m.equals(members.get(0))).build()).toList()).build();
    }

    DBSnapshot snapshot(Thing t) {
        return DBSnapshot.builder().dbSnapshotIdentifier(t.id).dbSnapshotArn(t.arn()).dbInstanceIdentifier(t.get("source"))
                .engine(t.get("engine")).status(t.status).snapshotType("manual").encrypted(t.get("kms") != null)
                .kmsKeyId(t.get("kms")).percentProgress(percent(t)).tagList(tagList(t.tags)).build();
    }

    DBClusterSnapshot clusterSnapshot(Thing t) {
        return DBClusterSnapshot.builder().dbClusterSnapshotIdentifier(t.id).dbClusterSnapshotArn(t.arn())
                .dbClusterIdentifier(t.get("source")).engine(t.get("engine")).status(t.status).snapshotType("manual")
                .storageEncrypted(t.get("kms") != null).kmsKeyId(t.get("kms")).percentProgress(percent(t))
                .tagList(tagList(t.tags)).build();
    }

    int percent(Thing t) {
        return "available".equals(t.status) ? 100 : Math.min(99, t.polls * 100 / Math.max(1, world.pollsToAvailable));
    }
}
