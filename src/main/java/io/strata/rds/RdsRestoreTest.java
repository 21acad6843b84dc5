package io.strata.rds;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.service.Failures;
import io.strata.service.RestoreTest;
import io.strata.service.RestoreTestResult;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * RDS's restore test, only for plans that set {@code restore-test-rds=true} (it costs an instance-hour, and a
 * restore of a large database takes a while): the recovery point's snapshot in its region restored as DB instance
 * {@code strata-restore-test-<stamp>} of the smallest class (an Aurora cluster of that id with one writer), which
 * must become available; then everything made is deleted without a final snapshot, whatever happened.
 */
final class RdsRestoreTest implements RestoreTest {

    static final Setting OPT_IN = Setting.planAttribute("restore-test-rds", "false", SettingType.FLAG,
            "Also restore-test RDS/Aurora points (restore-test): a smallest-class instance, available, deleted; costs an instance-hour");
    static final String PREFIX = "strata-restore-test-";
    static final String TAG = "strata:restore-test";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(RdsRestoreTest.class);

    private final Function<Region, RdsClient> clients;
    private final Region home;
    private final Throttled throttled;
    private final Waiter waiter;
    private final RdsSettings settings;

    RdsRestoreTest(Function<Region, RdsClient> clients, Region home, Throttled throttled, Waiter waiter,
                   RdsSettings settings) {
        this.clients = clients;
        this.home = home;
        this.throttled = throttled;
        this.waiter = waiter;
        this.settings = settings;
    }

    @Override
    public Optional<Setting> optIn() {
        return Optional.of(OPT_IN);
    }

    /** The smallest class each engine family runs on: Aurora's burstable medium, otherwise micro. */
    static String smallestClass(String engine) {
        return engine != null && engine.startsWith("aurora") ? "db.t3.medium" : "db.t3.micro";
    }

    @Override
    public RestoreTestResult run(Vault vault, RecoveryPoint point, Instant now) {
        RdsDetails details = RdsDetails.of(point);
        RdsClient rds = clients.apply(Region.of(point.region()));
        // One id per test: RDS keeps a deleted instance's id for a while, and a pass stamps all its tests alike.
        String id = PREFIX + STAMP.format(now) + "-" + String.format("%08x", point.resource().hashCode());
        String instanceClass = smallestClass(details.engine());
        List<Tag> tags = List.of(Tag.builder().key(TAG).value(point.key().length() > 256 ? point.key().substring(0, 256)
                : point.key()).build());
        List<String> made = new ArrayList<>();
        boolean cluster = details.sourceKind() == SourceKind.CLUSTER;
        RestoreTestResult result;
        try {
            SnapshotRef snapshot = details.in(point.region()).orElseThrow(() -> new IllegalArgumentException(
                    "no snapshot in " + point.region()));
            if (cluster) {
                throttled.call(() -> rds.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(id)
                        .snapshotIdentifier(snapshot.id()).engine(details.engine()).tags(tags)));
                made.add("DB cluster " + id);
                awaitCluster(rds, id);
                throttled.call(() -> rds.createDBInstance(r -> r.dbInstanceIdentifier(id + RdsRestorer.WRITER_SUFFIX)
                        .dbClusterIdentifier(id).engine(details.engine()).dbInstanceClass(instanceClass).tags(tags)));
                made.add(0, "DB instance " + id + RdsRestorer.WRITER_SUFFIX);
                awaitInstance(rds, id + RdsRestorer.WRITER_SUFFIX);
            } else {
                throttled.call(() -> rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(id)
                        .dbSnapshotIdentifier(snapshot.id()).dbInstanceClass(instanceClass).publiclyAccessible(false)
                        .tags(tags)));
                made.add("DB instance " + id);
                awaitInstance(rds, id);
            }
            result = RestoreTestResult.passed(made, "snapshot " + snapshot.id() + " restored as " + String.join(" and ",
                    made) + " (" + instanceClass + "), available");
        } catch (RuntimeException e) {
            result = RestoreTestResult.failed(made, Failures.reason(e));
        }
        // The writer first: a cluster with a member that is not being deleted cannot be deleted.
        for (String what : made) {
            try {
                delete(rds, what);
            } catch (RuntimeException e) {
                result = result.notDeleted(what, Failures.reason(e));
            }
        }
        return result;
    }

    private void delete(RdsClient rds, String what) {
        String id = what.substring(what.lastIndexOf(' ') + 1);
        if (what.startsWith("DB cluster")) {
            throttled.call(() -> rds.deleteDBCluster(r -> r.dbClusterIdentifier(id).skipFinalSnapshot(true)));
            return;
        }
        // Only an available (or failed) instance can be deleted: one still being created is waited for.
        String status = waiter.until("DB instance " + id + " to be deletable", settings.restoreTimeout(), "strata.rds.restore-timeout",
                () -> status(() -> throttled.call(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)))
                        .dbInstances().get(0).dbInstanceStatus()), s -> s, s -> !s.equals("creating"), s -> false);
        if (status.equals("gone")) {
            return;
        }
        throttled.call(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id).skipFinalSnapshot(true)
                .deleteAutomatedBackups(true)));
    }

    private static String status(Supplier<String> describe) {
        try {
            return describe.get();
        } catch (DbInstanceNotFoundException | DbClusterNotFoundException e) {
            return "gone";
        }
    }

    private void awaitInstance(RdsClient rds, String id) {
        waiter.until("DB instance " + id, settings.restoreTimeout(), "strata.rds.restore-timeout",
                () -> throttled.call(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(id))).dbInstances().get(0)
                        .dbInstanceStatus(), s -> s, "available"::equals, RdsRestoreTest::broken);
    }

    private void awaitCluster(RdsClient rds, String id) {
        waiter.until("DB cluster " + id, settings.restoreTimeout(), "strata.rds.restore-timeout",
                () -> throttled.call(() -> rds.describeDBClusters(r -> r.dbClusterIdentifier(id))).dbClusters().get(0)
                        .status(), s -> s, "available"::equals, RdsRestoreTest::broken);
    }

    private static boolean broken(String status) {
        return status.equals("failed") || status.startsWith("incompatible") || status.equals("deleting");
    }

    /** Instances, then clusters, named {@code strata-restore-test-…} in the home region: each a test's leftover. */
    @Override
    public List<String> deleteLeftovers() {
        RdsClient rds = clients.apply(home);
        List<String> deleted = new ArrayList<>();
        rds.describeDBInstancesPaginator(r -> { }).dbInstances().stream()
                .filter(i -> i.dbInstanceIdentifier().startsWith(PREFIX))
                .forEach(i -> deleteLeftover(rds, "DB instance " + i.dbInstanceIdentifier(), deleted));
        rds.describeDBClustersPaginator(r -> { }).dbClusters().stream()
                .filter(c -> c.dbClusterIdentifier().startsWith(PREFIX))
                .forEach(c -> deleteLeftover(rds, "DB cluster " + c.dbClusterIdentifier(), deleted));
        return deleted;
    }

    private void deleteLeftover(RdsClient rds, String what, List<String> deleted) {
        try {
            delete(rds, what);
            deleted.add(what);
        } catch (RdsException e) {
            LOG.warn("Leftover restore-test {} not deleted: {}", what, Failures.reason(e));
        }
    }
}
