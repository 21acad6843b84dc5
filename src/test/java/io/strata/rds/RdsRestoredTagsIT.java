package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.support.FakeRds;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restored DB instance does not join the plan of its source: the tags plan {@code nightly} selects on
 * ({@code rds:tag/env=prod}) are left off it unless --keep-tags, and it names the recovery point it came from.
 * RDS would copy the snapshot's tags when a restore names none (FakeRds does so too), so Strata names them all.
 */
class RdsRestoredTagsIT {

    private static final ResourceSelector PROD = ResourceSelector.parse("rds:tag/env=prod");

    private final RdsFixture f = new RdsFixture("strata.plan.nightly.resources", "rds:tag/env=prod",
            "strata.plan.nightly.cron", "0 0 2 * * ?");

    @AfterEach
    void stop() {
        f.close();
    }

    private List<String> selectedByTheNightlyPlan() {
        return f.service.resolve(List.of(PROD)).stream().map(Resource::id).toList();
    }

    @Test
    void aRestoredInstanceLeavesTheSelectedTagOffAndSaysSo() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of("env", "prod", "team", "db"));
        RecoveryPoint point = f.service.backup("instance/prod-db", "nightly");

        String result = f.service.restore(f.vault, point, new RestoreRequest("prod-db-restored", Map.of()));

        FakeRds.Thing restored = f.world.find("instance", HOME, "prod-db-restored").orElseThrow();
        assertEquals(Map.of("team", "db", "strata:restored-from", point.key()), restored.tags);
        assertEquals(List.of("instance/prod-db"), selectedByTheNightlyPlan());
        assertTrue(result.contains("Dropped the tags plans select on, so that no plan backs up the restored DB instance "
                + "as a second copy of the original: env=prod (plan nightly) (--keep-tags keeps them)"), result);
    }

    @Test
    void keepTagsKeepsThemAndThePlanSelectsTheRestoredInstanceToo() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of("env", "prod"));
        RecoveryPoint point = f.service.backup("instance/prod-db", "nightly");

        String result = f.service.restore(f.vault, point, new RestoreRequest("prod-db-kept", Map.of("keep-tags", "true")));

        FakeRds.Thing restored = f.world.find("instance", HOME, "prod-db-kept").orElseThrow();
        assertEquals(Map.of("env", "prod", "strata:restored-from", point.key()), restored.tags);
        assertEquals(List.of("instance/prod-db", "instance/prod-db-kept"), selectedByTheNightlyPlan().stream().sorted().toList());
        assertTrue(result.contains("Kept the tags plans select on, as --keep-tags asks: env=prod (plan nightly)"), result);
    }

    @Test
    void aPointInTimeRestoreLeavesThemOffToo() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of("env", "prod"));
        ServiceRegistry registry = new ServiceRegistry(List.of(f.service));

        String result = registry.restoreForeign("rds:instance/prod-db", new RestoreRequest("prod-db-pitr",
                Map.of("point-in-time", "latest")));

        FakeRds.Thing restored = f.world.find("instance", HOME, "prod-db-pitr").orElseThrow();
        assertFalse(restored.tags.containsKey("env"), restored.tags.toString());
        assertEquals("rds:instance/prod-db@latest", restored.tags.get("strata:restored-from"));
        assertEquals(List.of("instance/prod-db"), selectedByTheNightlyPlan());
        assertTrue(result.contains("env=prod (plan nightly)"), result);
    }
}
