package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.FakeRds;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;

/** verify finds what was deleted behind Strata's back; expire deletes only what Strata made, in every region. */
class RdsVerifyExpireIT {

    private final RdsFixture f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST);

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void verifyReportsACopyDeletedInItsRegion() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", "nightly");
        String id = RdsDetails.of(point).snapshots().get(0).id();
        assertTrue(f.service.verify(f.vault, point).ok(), f.service.verify(f.vault, point).problems().toString());

        f.world.remove("snapshot", WEST, id);
        VerificationReport report = f.service.verify(f.vault, point);

        assertEquals(List.of("us-west-2: DB instance snapshot " + id + " does not exist"), report.problems());
        assertEquals(List.of("DB instance snapshot " + id + " in us-east-1", "DB instance snapshot " + id + " in us-west-2"),
                report.checked(), "each snapshot checked, named with its region");
        assertEquals(0, report.files(), "no file in the vault: the snapshots are the backup");
    }

    @Test
    void verifyChecksEachExportedFileAndReportsADeletedOrResizedOneByKey() {
        try (RdsFixture e = new RdsFixture(RdsBackupIT.EXPORT)) {
            e.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
            RecoveryPoint point = e.service.backup("instance/prod-db", "nightly");
            VerificationReport clean = e.service.verify(e.vault, point);
            assertTrue(clean.ok(), clean.problems().toString());
            assertEquals(3, clean.files(), "three exported files checked");
            assertEquals(1, clean.checked().size(), "and one snapshot: " + clean.checked());
            assertTrue(clean.extent().startsWith("3 files (" + String.format("%,d", point.bytes()) + " bytes); DB instance snapshot "),
                    clean.extent());
            assertEquals(point.bytes(), clean.bytes());

            List<DataFile> files = point.files();
            String deleted = files.get(files.size() - 1).key();
            String resized = files.get(0).key();
            e.vault.delete(deleted);
            e.vault.putBytes(resized, new byte[] {1, 2, 3}, "application/octet-stream");
            VerificationReport report = e.service.verify(e.vault, point);

            String bucket = "s3://" + e.vault.bucket() + "/";
            assertEquals(List.of("exported file " + bucket + resized + " holds 3 bytes, " + files.get(0).bytes()
                            + " were recorded", "exported file " + bucket + deleted + " does not exist"),
                    report.problems());
        }
    }

    @Test
    void expireDeletesOnlyStrataTaggedSnapshotsInEveryRegion() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", "nightly");
        RecoveryPoint other = f.service.backup("instance/prod-db", "nightly");
        String id = RdsDetails.of(point).snapshots().get(0).id();
        f.world.addManualSnapshot(HOME, "snapshot", "before-upgrade", "prod-db", Map.of());
        f.world.addManualSnapshot(WEST, "snapshot", "dr-manual", "prod-db", Map.of("strata:recovery-point", "someone else"));

        f.service.expire(point);

        assertTrue(f.world.find("snapshot", HOME, id).isEmpty());
        assertTrue(f.world.find("snapshot", WEST, id).isEmpty());
        String otherId = RdsDetails.of(other).snapshots().get(0).id();
        for (String region : List.of(HOME, WEST)) {
            assertTrue(f.world.find("snapshot", region, otherId).isPresent(), "another recovery point's snapshot in " + region);
        }
        assertTrue(f.world.find("snapshot", HOME, "before-upgrade").isPresent());
        assertTrue(f.world.find("snapshot", WEST, "dr-manual").isPresent());
        assertEquals(List.of(HOME, WEST), f.world.calls(DeleteDbSnapshotRequest.class).stream().map(FakeRds.Call::region).toList());

        f.service.expire(point);
        assertEquals(2, f.world.requests(DeleteDbSnapshotRequest.class).size(), "expiring again deletes nothing more");
    }

    @Test
    void expireLeavesASnapshotWhoseTagNamesAnotherRecoveryPoint() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", "nightly");
        String id = RdsDetails.of(point).snapshots().get(0).id();
        f.world.find("snapshot", WEST, id).orElseThrow().tags.put("strata:recovery-point", "retagged by hand");

        f.service.expire(point);

        assertTrue(f.world.find("snapshot", HOME, id).isEmpty());
        assertTrue(f.world.find("snapshot", WEST, id).isPresent(), "not Strata's any more: kept");
        assertTrue(f.service.verify(f.vault, point).problems().get(0).startsWith("us-east-1: DB instance snapshot " + id
                + " does not exist"));
    }

    /** A copy that fails in its second region: the snapshots already made are deleted, nothing committed. */
    @Test
    void aBackupWhoseCopyFailsDeletesTheSnapshotsItMade() {
        try (RdsFixture e = new RdsFixture("strata.plan.nightly.copy-to-region", WEST + ", " + RdsFixture.EU,
                "strata.rds.copy-kms-key-id." + WEST, FakeRds.kmsKey(WEST, "backup"),
                // a key of the wrong region: RDS refuses this copy after the first one was made
                "strata.rds.copy-kms-key-id." + RdsFixture.EU, FakeRds.kmsKey(WEST, "backup"))) {
            e.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", true, Map.of());
            e.world.addManualSnapshot(HOME, "snapshot", "by-hand", "prod-db", Map.of());

            RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> e.service.backup("instance/prod-db", "nightly"));

            assertTrue(e.vault.list(p -> true).points().isEmpty(), "nothing committed: " + failed.getMessage());
            for (String region : List.of(HOME, WEST, RdsFixture.EU)) {
                assertEquals(region.equals(HOME) ? List.of("by-hand") : List.of(),
                        e.world.all("snapshot", region).stream().map(t -> t.id).toList(),
                        "only the snapshot Strata did not make is left in " + region);
            }
        }
    }
}
