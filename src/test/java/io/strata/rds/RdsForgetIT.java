package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.archive.Forgetting;
import io.strata.archive.LegalHolds;
import io.strata.copies.VaultCopies;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.vault.RecoveryPoint;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code strata forget} of an RDS recovery point: its snapshot and the regional copy go, another point's stay. */
class RdsForgetIT {

    private final RdsFixture f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST,
            "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "rds:instance/prod-db");

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void theSnapshotAndItsRegionalCopyAreDeleted() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint kept = f.backup("instance/prod-db", "nightly", f.key("instance/prod-db"));
        RecoveryPoint forgotten = f.service.backup("instance/prod-db", "nightly");
        String snapshot = RdsDetails.of(forgotten).snapshots().get(0).id();
        assertTrue(f.world.find("snapshot", WEST, snapshot).isPresent(), "copied to " + WEST);
        PlanCatalog plans = PlanCatalog.from(f.properties, Services.selectors()::parse);
        ArchivePolicies policies = ArchivePolicies.from(f.properties, plans);
        Forgetting forgetting = new Forgetting(new ServiceRegistry(List.of(f.service)), f.vault, policies,
                new VaultCopies(policies, f.vault, region -> f.clients.s3(), false, () -> false), Clock.systemUTC(),
                LegalHolds.NONE);

        Forgetting.Target target = forgetting.find(forgotten.key());
        forgetting.forget(target);

        assertTrue(String.join("\n", target.describe()).contains(snapshot), target.describe().toString());
        assertTrue(f.world.find("snapshot", HOME, snapshot).isEmpty(), "the snapshot is deleted");
        assertTrue(f.world.find("snapshot", WEST, snapshot).isEmpty(), "its copy in " + WEST + " too");
        String other = RdsDetails.of(kept).snapshots().get(0).id();
        assertTrue(f.world.find("snapshot", HOME, other).isPresent());
        assertTrue(f.world.find("snapshot", WEST, other).isPresent());
        assertEquals(List.of(kept.key()), f.vault.list("rds", p -> true).points().stream().map(RecoveryPoint::key).toList());
    }
}
