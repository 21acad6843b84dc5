package io.strata.rds;

import static io.strata.rds.RdsFixture.EU;
import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import io.strata.support.FakeRds;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;

/** Snapshots, copies, quotas, throttling and exports of RdsBackup against the fake RDS world. */
class RdsBackupIT {

    static final String[] EXPORT = {"strata.plan.nightly.rds.export", "true",
            "strata.rds.export-role-arn", "arn:aws:iam::123456789012:role/strata-export",
            "strata.rds.export-kms-key-id", FakeRds.kmsKey(HOME, "export")};

    private RdsFixture fixture;

    private RdsFixture start(String... extra) {
        fixture = new RdsFixture(extra);
        return fixture;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aBackupNoPlanStartedCarriesNoPlanTagAndVerifyNamesItsSnapshot() {
        RdsFixture f = start();
        // A source restored from a Strata snapshot may carry strata:plan itself: the ad-hoc snapshot must not.
        f.world.addInstance(HOME, "adhoc-db", "postgres", "db.r6g.large", false, Map.of("strata:plan", "nightly"));

        RecoveryPoint point = f.service.backup("instance/adhoc-db", null);

        String id = RdsDetails.of(point).snapshots().get(0).id();
        FakeRds.Thing snapshot = f.world.find("snapshot", HOME, id).orElseThrow();
        assertFalse(snapshot.tags.containsKey("strata:plan"), snapshot.tags.toString());
        assertEquals(point.key(), snapshot.tags.get("strata:recovery-point"));
        var report = f.service.verify(f.vault, point);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals("DB instance snapshot " + id + " in " + HOME, report.extent());
    }

    @Test
    void theSnapshotIdComesFromTheRecoveryPointAndARetriedAttemptReusesIt() {
        RdsFixture f = start();
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of("team", "payments"));
        RecoveryPointKey key = f.key("instance/prod-db");
        f.world.loseNextCreateResponse = true;

        RecoveryPoint first = f.backup("instance/prod-db", "nightly", key);
        RecoveryPoint second = f.backup("instance/prod-db", "nightly", key);

        String id = "strata-instance-prod-db-" + key.stamp().toLowerCase();
        assertEquals(1, f.world.all("snapshot", HOME).size(), "a retried attempt made a second snapshot");
        FakeRds.Thing snapshot = f.world.find("snapshot", HOME, id).orElseThrow();
        assertEquals("available", snapshot.status);
        assertEquals(Map.of("team", "payments", "strata:plan", "nightly", "strata:recovery-point", key.prefix(),
                "strata:vault", f.vault.bucket()), snapshot.tags);
        // The lost response is retried by the SDK itself, which AWS answers DBSnapshotAlreadyExists: two
        // CreateDBSnapshot requests, both from the first attempt; the second attempt found the snapshot.
        assertEquals(2, f.world.requests(CreateDbSnapshotRequest.class).size(), "the second attempt found the snapshot");
        assertEquals(List.of(id), RdsDetails.of(second).snapshots().stream().map(RdsDetails.SnapshotRef::id).toList());
        RecoveryPoint stored = f.vault.read(key);
        assertEquals("snapshot", stored.mode());
        assertEquals("rds:instance/prod-db", stored.resource());
        assertTrue(stored.files().isEmpty());
        RdsDetails details = RdsDetails.of(stored);
        assertEquals("postgres", details.engine());
        assertEquals("arn:aws:rds:us-east-1:123456789012:db:prod-db", details.sourceArn());
        assertEquals(first.key(), second.key());
    }

    @Test
    void copiesGoToEachPlanRegionWithThatRegionsKmsKey() {
        RdsFixture f = start("strata.plan.nightly.copy-to-region", WEST + ", " + EU,
                "strata.rds.copy-kms-key-id." + WEST, FakeRds.kmsKey(WEST, "backup"),
                "strata.rds.copy-kms-key-id." + EU, FakeRds.kmsKey(EU, "backup"));
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", true, Map.of("team", "payments"));
        RecoveryPointKey key = f.key("instance/prod-db");

        RdsDetails details = RdsDetails.of(f.backup("instance/prod-db", "nightly", key));

        String id = "strata-instance-prod-db-" + key.stamp().toLowerCase();
        assertEquals(List.of(HOME, WEST, EU), details.snapshots().stream().map(RdsDetails.SnapshotRef::region).toList());
        for (String region : List.of(WEST, EU)) {
            FakeRds.Thing copy = f.world.find("snapshot", region, id).orElseThrow();
            assertEquals("available", copy.status);
            assertEquals(FakeRds.kmsKey(region, "backup"), copy.get("kms"));
            assertEquals(key.prefix(), copy.tags.get("strata:recovery-point"), "CopyTags carried the tags");
            assertEquals(FakeRds.kmsKey(region, "backup"), details.in(region).orElseThrow().kmsKeyId());
            assertEquals(1, f.world.all("snapshot", region).size());
        }
        var copies = f.world.calls(CopyDbSnapshotRequest.class);
        assertEquals(List.of(WEST, EU), copies.stream().map(FakeRds.Call::region).toList(), "called in the destination");
        CopyDbSnapshotRequest west = (CopyDbSnapshotRequest) copies.get(0).request();
        // SourceRegion never goes on the wire: the SDK turns it into a PreSignedUrl signed for the source.
        assertTrue(f.world.presignedCopies.contains(WEST + " " + id + " presigned for " + HOME), f.world.presignedCopies.toString());
        assertEquals("arn:aws:rds:us-east-1:123456789012:snapshot:" + id, west.sourceDBSnapshotIdentifier());
        assertTrue(west.copyTags());
        assertEquals(1, f.world.all("snapshot", HOME).size(), "copies exist in their regions only");
    }

    @Test
    void atMostTheConfiguredCopiesRunAtOncePerDestinationRegion() throws Exception {
        RdsFixture f = start("strata.plan.nightly.copy-to-region", WEST, "strata.rds.max-concurrent-copies", "1");
        f.world.pollsToAvailable = 4;
        List<String> ids = List.of("db-a", "db-b", "db-c", "db-d");
        ids.forEach(id -> f.world.addInstance(HOME, id, "postgres", "db.t4g.small", false, Map.of()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(ids.size());
        try {
            var backups = ids.stream().map(id -> pool.submit(() -> f.service.backup("instance/" + id, "nightly"))).toList();
            for (var backup : backups) {
                backup.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(4, f.world.all("snapshot", WEST).size());
        assertEquals(1, f.world.maxCopiesInFlight(WEST), "strata.rds.max-concurrent-copies=1");
    }

    @Test
    void anEncryptedSourceWithoutACopyKeyFailsBeforeAnySnapshot() {
        RdsFixture f = start("strata.plan.nightly.copy-to-region", WEST);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", true, Map.of());

        var e = assertThrows(SettingsException.class, () -> f.service.backup("instance/prod-db", "nightly"));

        assertTrue(e.getMessage().contains("strata.rds.copy-kms-key-id.us-west-2 is not set"), e.getMessage());
        assertTrue(f.world.requests(CreateDbSnapshotRequest.class).isEmpty());
    }

    @Test
    void aRegionAtItsQuotaMinusTheMarginIsRefusedBeforeAwsWould() {
        RdsFixture f = start("strata.rds.snapshot-quota", "20", "strata.rds.snapshot-quota-margin", "3");
        f.world.snapshotQuota = 20;
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        for (int i = 0; i < 17; i++) {
            f.world.addManualSnapshot(HOME, "snapshot", "manual-" + i, "prod-db", Map.of());
        }

        var e = assertThrows(IllegalStateException.class, () -> f.service.backup("instance/prod-db", null));

        assertTrue(e.getMessage().contains("17 manual DB instance snapshots exist, at or above the quota 20 minus margin 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("strata.rds.snapshot-quota"), e.getMessage());
        assertTrue(f.world.requests(CreateDbSnapshotRequest.class).isEmpty(), "no CreateDBSnapshot was sent");
    }

    @Test
    void snapshotQuotaExceededFromAwsIsReportedWithItsCode() {
        RdsFixture f = start();
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.quotaExceeded = true;

        var e = assertThrows(IllegalStateException.class, () -> f.service.backup("instance/prod-db", null));

        assertTrue(e.getMessage().contains("SnapshotQuotaExceeded"), e.getMessage());
        assertTrue(f.world.all("snapshot", HOME).isEmpty());
    }

    @Test
    void throttledCallsAreRetriedWithBackoff() {
        RdsFixture f = start();
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.throttleNext(4, "Throttling");
        RecoveryPoint first = f.service.backup("instance/prod-db", null);
        f.world.throttleNext(4, "RequestLimitExceeded");
        RecoveryPoint second = f.service.backup("instance/prod-db", null);

        for (RecoveryPoint point : List.of(first, second)) {
            assertEquals("available", f.world.find("snapshot", HOME, RdsDetails.of(point).snapshots().get(0).id())
                    .orElseThrow().status);
        }
        assertEquals(2, f.world.all("snapshot", HOME).size());
        assertEquals(2 * 5, f.world.requests(DescribeDbInstancesRequest.class).size(), "each first call: 4 throttled, 1 answered");
    }

    @Test
    void anInstanceInAClusterIsBackedUpThroughItsCluster() {
        RdsFixture f = start();
        f.world.addCluster(HOME, "aurora-1", "aurora-postgresql", "db.r6g.xlarge", false, Map.of("backup", "nightly"));

        List<Resource> resolved = f.service.resolve(List.of(ResourceSelector.parse("rds:instance/aurora-1-1"),
                ResourceSelector.parse("rds:cluster/aurora-1"), ResourceSelector.parse("rds:tag/backup=nightly")));
        assertEquals(List.of(Resource.of("rds", "cluster/aurora-1")), resolved);
        RecoveryPoint point = f.service.backup(resolved.get(0).id(), "nightly");

        RdsDetails details = RdsDetails.of(point);
        assertEquals("cluster", details.kind());
        assertEquals("db.r6g.xlarge", details.instanceClass(), "the writer's class, for a restore");
        assertEquals(1, f.world.requests(CreateDbClusterSnapshotRequest.class).size());
        assertTrue(f.world.requests(CreateDbSnapshotRequest.class).isEmpty());
        assertEquals("available", f.world.find("cluster-snapshot", HOME, details.snapshots().get(0).id()).orElseThrow().status);
        assertTrue(f.service.matches(point, ResourceSelector.parse("rds:tag/backup=nightly")));
        assertTrue(f.service.matches(point, ResourceSelector.parse("rds:cluster/aurora-1")));
        assertFalse(f.service.matches(point, ResourceSelector.parse("rds:instance/aurora-1")));
    }

    @Test
    void anUnknownIdFailsWithTheAwsMessage() {
        RdsFixture f = start();

        List<Resource> resolved = f.service.resolve(List.of(ResourceSelector.parse("rds:instance/nope"),
                ResourceSelector.parse("rds:cluster/gone")));
        var e = assertThrows(IllegalArgumentException.class, () -> f.service.backup("instance/nope", null));

        assertTrue(resolved.get(0).problem().contains("DBInstanceNotFound: DBInstance nope not found."), resolved.get(0).problem());
        assertTrue(resolved.get(1).problem().contains("DBClusterNotFoundFault: DBCluster gone not found."), resolved.get(1).problem());
        assertTrue(e.getMessage().contains("DB instance nope not found: DBInstanceNotFound"), e.getMessage());
    }

    @Test
    void aFailedSnapshotFailsTheResourceWithTheAwsStatus() {
        RdsFixture f = start();
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.snapshotsFail = true;

        var e = assertThrows(IllegalStateException.class, () -> f.service.backup("instance/prod-db", null));

        assertTrue(e.getMessage().matches(".*: Snapshot strata-instance-prod-db-\\S+ of instance/prod-db in us-east-1 is "
                + "'failed \\d+%' \\(AWS status\\).*"), e.getMessage());
        assertTrue(f.vault.list(p -> true).points().isEmpty(), "nothing committed");
    }

    @Test
    void anExportRunsIntoTheRecoveryPointsFolder() {
        RdsFixture f = start(EXPORT);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPointKey key = f.key("instance/prod-db");

        RdsDetails details = RdsDetails.of(f.backup("instance/prod-db", "nightly", key));

        StartExportTaskRequest started = f.world.requests(StartExportTaskRequest.class).get(0);
        assertEquals(f.vault.bucket(), started.s3BucketName());
        assertEquals(key.prefix() + "export", started.s3Prefix());
        assertEquals("arn:aws:iam::123456789012:role/strata-export", started.iamRoleArn());
        assertEquals(details.snapshots().get(0).arn(), started.sourceArn());
        assertEquals(started.exportTaskIdentifier(), details.export().taskId());
        assertEquals(key.prefix() + "export", details.export().s3Prefix());
        assertTrue(started.exportTaskIdentifier().length() <= 60, started.exportTaskIdentifier());
        assertEquals("COMPLETE", f.world.find("export", HOME, started.exportTaskIdentifier()).orElseThrow().status);
    }

    @Test
    void anExportRecordsTheFilesAwsWroteWithTheirSizes() {
        RdsFixture f = start(EXPORT);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPointKey key = f.key("instance/prod-db");

        RecoveryPoint point = f.backup("instance/prod-db", "nightly", key);

        String taskId = RdsDetails.of(point).export().taskId();
        Map<String, Long> written = f.world.exported(taskId);
        assertEquals(3, written.size(), written.toString());
        String folder = key.prefix() + "export/" + taskId + "/";
        assertTrue(written.containsKey(folder + "export_info_" + taskId + ".json"), written.toString());
        assertTrue(written.containsKey(folder + "prod-db/prod-db.orders/part-00000-x.gz.parquet"), written.toString());
        assertEquals(written, point.files().stream().collect(Collectors.toMap(DataFile::key, DataFile::bytes)));
        for (DataFile file : point.files()) {
            assertEquals(0, file.itemCount(), file.key());
            assertTrue(file.md5Base64() == null && file.sha256Hex() == null, "no digests of Strata's: " + file.key());
            assertEquals(f.vault.s3().headObject(r -> r.bucket(f.vault.bucket()).key(file.key())).eTag(), file.etag());
        }
        assertEquals(written.values().stream().mapToLong(Long::longValue).sum(), point.bytes());
        assertEquals(0, point.itemCount());
        assertEquals(point.files(), f.vault.read(key).files(), "the committed descriptor records them");
    }

    @Test
    void aCompleteExportThatWroteNoFileFailsTheResourceAndCommitsNothing() {
        RdsFixture f = start(EXPORT);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.exportsWriteNothing = true;

        var e = assertThrows(IllegalStateException.class, () -> f.service.backup("instance/prod-db", "nightly"));

        String taskId = f.world.requests(StartExportTaskRequest.class).get(0).exportTaskIdentifier();
        assertEquals("COMPLETE", f.world.find("export", HOME, taskId).orElseThrow().status);
        assertTrue(e.getMessage().matches(".*: Export " + taskId + " of snapshot \\S+ is COMPLETE but wrote no file under "
                + "s3://" + f.vault.bucket() + "/\\S+/export/" + taskId + "/ .*"), e.getMessage());
        assertTrue(f.vault.list(p -> true).points().isEmpty(), "nothing committed");
    }

    @Test
    void anExportWithoutItsRoleFailsBeforeAnySnapshot() {
        RdsFixture f = start("strata.plan.nightly.rds.export", "true");
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());

        var e = assertThrows(SettingsException.class, () -> f.service.backup("instance/prod-db", "nightly"));

        assertTrue(e.getMessage().startsWith("strata.rds.export-role-arn is not set"), e.getMessage());
        assertTrue(f.world.all("snapshot", HOME).isEmpty());
        assertNull(f.world.find("snapshot", HOME, "x").orElse(null));
    }
}
