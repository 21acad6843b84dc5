package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.RestoreRequest;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * verify refuses a snapshot that no longer carries the recovery point's tag ("another snapshot took
 * its id?"); restore of the same recovery point does not look, and restores whatever now has the id.
 */
class HostileRdsRestoreIT {

    private final RdsFixture f = new RdsFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void restoreRefusesASnapshotThatVerifyRefusesAsNotTheRecoveryPoints() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.addInstance(HOME, "other-db", "postgres", "db.t3.micro", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", null);
        String id = RdsDetails.of(point).snapshots().get(0).id();
        // Someone deletes Strata's snapshot and makes one of another database under the same id.
        f.world.remove("snapshot", HOME, id);
        f.world.addManualSnapshot(HOME, "snapshot", id, "other-db", Map.of());

        VerificationReport report = f.service.verify(f.vault, point);
        assertFalse(report.ok(), "verify notices: " + report.problems());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> f.service.restore(f.vault, point, new RestoreRequest("prod-db-restored", Map.of())));

        assertTrue(refused.getMessage().contains("Not restoring " + point.key()), refused.getMessage());
        assertTrue(refused.getMessage().contains("is not tagged strata:recovery-point=" + point.key()), refused.getMessage());
        assertTrue(f.world.find("instance", HOME, "prod-db-restored").isEmpty(), "nothing was restored");
    }
}
