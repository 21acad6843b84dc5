package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static io.strata.rds.RdsFixture.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.support.FakeRds;
import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;

/** Restores from recorded snapshots and to a point in time, asserted on the requests and what they made. */
class RdsRestoreIT {

    private final RdsFixture f = new RdsFixture("strata.plan.nightly.copy-to-region", WEST);

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anInstanceIsRestoredFromItsSnapshotWithTheClassAsked() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", null);
        String snapshot = RdsDetails.of(point).snapshots().get(0).id();

        String result = f.service.restore(f.vault, point, new RestoreRequest("prod-db-restored",
                Map.of("instance-class", "db.t4g.medium")));

        RestoreDbInstanceFromDbSnapshotRequest sent = f.world.requests(RestoreDbInstanceFromDbSnapshotRequest.class).get(0);
        assertEquals("prod-db-restored", sent.dbInstanceIdentifier());
        assertEquals(snapshot, sent.dbSnapshotIdentifier());
        assertEquals("db.t4g.medium", sent.dbInstanceClass());
        FakeRds.Thing restored = f.world.find("instance", HOME, "prod-db-restored").orElseThrow();
        assertEquals("available", restored.status);
        assertEquals(snapshot, restored.get("restored-from"));
        assertEquals("db.t4g.medium", restored.get("class"));
        assertTrue(result.contains("endpoint prod-db-restored.c0ffee.us-east-1.rds.amazonaws.com:5432"), result);
    }

    @Test
    void aClusterIsRestoredInACopyRegionWithItsWriter() {
        f.world.addCluster(HOME, "aurora-1", "aurora-postgresql", "db.r6g.xlarge", false, Map.of());
        RecoveryPoint point = f.service.backup("cluster/aurora-1", "nightly");

        String result = f.service.restore(f.vault, point, new RestoreRequest("aurora-dr", Map.of("region", WEST)));

        var restores = f.world.calls(RestoreDbClusterFromSnapshotRequest.class);
        assertEquals(WEST, restores.get(0).region());
        RestoreDbClusterFromSnapshotRequest sent = (RestoreDbClusterFromSnapshotRequest) restores.get(0).request();
        assertEquals("aurora-postgresql", sent.engine());
        assertEquals(RdsDetails.of(point).in(WEST).orElseThrow().id(), sent.snapshotIdentifier());
        CreateDbInstanceRequest writer = f.world.requests(CreateDbInstanceRequest.class).get(0);
        assertEquals("aurora-dr", writer.dbClusterIdentifier());
        assertEquals("db.r6g.xlarge", writer.dbInstanceClass(), "the source writer's class by default");
        assertEquals("aurora-dr-writer", f.world.find("cluster", WEST, "aurora-dr").orElseThrow().get("members"));
        assertEquals("available", f.world.find("instance", WEST, "aurora-dr-writer").orElseThrow().status);
        assertTrue(f.world.find("cluster", HOME, "aurora-dr").isEmpty());
        assertTrue(result.contains("endpoint aurora-dr.cluster-c0ffee.us-west-2.rds.amazonaws.com:5432"), result);
    }

    @Test
    void unknownOptionsAndRegionsWithoutASnapshotAreRefused() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        RecoveryPoint point = f.service.backup("instance/prod-db", null);

        var option = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                new RestoreRequest("x", Map.of("overwrite", "true"))));
        var region = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                new RestoreRequest("x", Map.of("region", WEST))));
        var pit = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                new RestoreRequest("x", Map.of("point-in-time", "latest"))));

        assertTrue(option.getMessage().contains("does not take [overwrite]"), option.getMessage());
        assertTrue(region.getMessage().contains("no snapshot in us-west-2"), region.getMessage());
        assertTrue(pit.getMessage().contains("does not take [point-in-time]"), pit.getMessage());
        assertTrue(f.world.requests(RestoreDbInstanceFromDbSnapshotRequest.class).isEmpty());
    }

    @Test
    void aPointInTimeRestoreOfAnInstanceGoesThroughTheRegistry() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());
        ServiceRegistry registry = new ServiceRegistry(List.of(f.service));
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        String result = registry.restoreForeign("rds:instance/prod-db", new RestoreRequest("prod-db-pitr",
                Map.of("point-in-time", at.toString())));

        RestoreDbInstanceToPointInTimeRequest sent = f.world.requests(RestoreDbInstanceToPointInTimeRequest.class).get(0);
        assertEquals("prod-db", sent.sourceDBInstanceIdentifier());
        assertEquals("prod-db-pitr", sent.targetDBInstanceIdentifier());
        assertEquals(at, sent.restoreTime());
        assertNull(sent.useLatestRestorableTime());
        assertEquals("db.r6g.large", sent.dbInstanceClass());
        assertEquals("prod-db@" + at, f.world.find("instance", HOME, "prod-db-pitr").orElseThrow().get("restored-from"));
        assertTrue(result.contains("as of " + at) && result.contains("prod-db-pitr.c0ffee"), result);
    }

    @Test
    void aPointInTimeRestoreOfAClusterToTheLatestTimeAddsAWriter() {
        f.world.addCluster(HOME, "aurora-1", "aurora-postgresql", "db.r6g.xlarge", false, Map.of());

        String result = f.service.restoreForeign("rds:cluster/aurora-1", new RestoreRequest("aurora-latest",
                Map.of("point-in-time", "latest", "instance-class", "db.r6g.large"))).orElseThrow();

        RestoreDbClusterToPointInTimeRequest sent = f.world.requests(RestoreDbClusterToPointInTimeRequest.class).get(0);
        assertEquals("aurora-1", sent.sourceDBClusterIdentifier());
        assertEquals("aurora-latest", sent.dbClusterIdentifier());
        assertTrue(sent.useLatestRestorableTime());
        assertNull(sent.restoreToTime());
        assertEquals("db.r6g.large", f.world.find("instance", HOME, "aurora-latest-writer").orElseThrow().get("class"));
        assertTrue(result.contains("as of the latest restorable time"), result);
    }

    @Test
    void aPointInTimeRestoreNeedsATimeAndLeavesOtherReferencesToOtherServices() {
        f.world.addInstance(HOME, "prod-db", "postgres", "db.r6g.large", false, Map.of());

        var missing = assertThrows(IllegalArgumentException.class, () -> f.service.restoreForeign("rds:instance/prod-db",
                new RestoreRequest("copy", Map.of())));
        var bad = assertThrows(IllegalArgumentException.class, () -> f.service.restoreForeign("rds:instance/prod-db",
                new RestoreRequest("copy", Map.of("point-in-time", "yesterday"))));

        assertTrue(missing.getMessage().contains("needs --point-in-time"), missing.getMessage());
        assertTrue(bad.getMessage().contains("'yesterday' is neither"), bad.getMessage());
        assertTrue(f.service.restoreForeign("s3://bucket/export", new RestoreRequest("t", Map.of())).isEmpty());
        assertTrue(f.world.requests(RestoreDbInstanceToPointInTimeRequest.class).isEmpty());
    }
}
