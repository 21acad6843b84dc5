package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.Failures;
import io.strata.support.FakeRds.Failure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failed RDS backup names the step and AWS's error, also when the endpoint answered a bare HTTP
 * 500 (issue 14, point 4), and leaves no Strata-tagged snapshot behind (point 3).
 */
class RdsFailedBackupIT {

    private RdsFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aBare500NamesTheStepAndTheStatusNeverNull() {
        f = new RdsFixture();
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.failNext("CreateDBSnapshot", 100, new Failure(500, null, null)); // through the SDK's own retries

        var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/prod-db", "nightly"));
        f.world.clearFailures("CreateDBSnapshot");

        String line = Failures.describe(e); // what the run report and the FAIL line carry
        assertTrue(line.matches("Backup of rds:instance/prod-db failed, nothing committed: CreateDBSnapshot "
                + "strata-instance-prod-db-\\S+ of instance/prod-db in us-east-1: HTTP 500 from Rds without an AWS error "
                + "code or message; .*\\[RdsException, HTTP 500]"), line);
        assertFalse(line.contains("null"), line);
        assertEquals(List.of(), RdsOrphans.of(f.world, f.vault, HOME));
    }

    @Test
    void anAwsErrorOnTheCopyNamesItAndTheHomeSnapshotIsDeleted() {
        f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.failNext("CopyDBSnapshot", 1, new Failure(400, "InvalidParameterCombination",
                "The snapshot cannot be copied to us-west-2."));

        var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/prod-db", "nightly"));

        String line = Failures.describe(e);
        assertTrue(line.contains("CopyDBSnapshot strata-instance-prod-db-"), line);
        assertTrue(line.contains(" us-east-1 -> us-west-2: InvalidParameterCombination: The snapshot cannot be copied "
                + "to us-west-2."), line);
        assertTrue(line.contains("[RdsException, HTTP 400, request "), line);
        assertTrue(line.contains("deleted snapshot strata-instance-prod-db-"), line);
        assertEquals(List.of(), RdsOrphans.of(f.world, f.vault, HOME, WEST));
        assertTrue(f.world.all("snapshot", HOME).isEmpty());
        assertTrue(f.vault.list(p -> true).points().isEmpty(), "nothing committed");
    }

    @Test
    void aSnapshotThatCannotBeDeletedYetIsNamedAndTheNextBackupDeletesIt() {
        f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST);
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        f.world.failNext("CopyDBSnapshot", 1, new Failure(400, "InvalidParameterCombination", "Cannot copy."));
        f.world.failNext("DeleteDBSnapshot", 100, new Failure(503, "ServiceUnavailable", "Service unavailable"));

        var e = assertThrows(RuntimeException.class, () -> f.service.backup("instance/prod-db", "nightly"));
        f.world.clearFailures("DeleteDBSnapshot");

        assertTrue(e.getMessage().contains("(available) in us-east-1: ServiceUnavailable: Service unavailable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it will be deleted by the next backup of rds:instance/prod-db"), e.getMessage());
        assertEquals(1, RdsOrphans.of(f.world, f.vault, HOME).size());

        f.service.backup("instance/prod-db", "nightly");

        assertEquals(List.of(), RdsOrphans.of(f.world, f.vault, HOME, WEST));
        assertEquals(1, f.world.all("snapshot", HOME).size(), "the new recovery point's");
    }
}
