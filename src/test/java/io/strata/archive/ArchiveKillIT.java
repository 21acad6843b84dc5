package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VaultSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive pass killed after every single S3 call it makes (nothing after the kill reaches S3, as
 * with kill -9), then run again: at the kill, every recovery point that lists is whole; after the
 * rerun, the vault is exactly what one uninterrupted pass leaves.
 */
class ArchiveKillIT {

    private static final String[] POLICY = {"strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
            "strata.plan.nightly.retention", "daily=1,monthly=12", "strata.plan.nightly.tiering", "1d:GLACIER_IR",
            "strata.plan.nightly.tiering-min-size", "1KB"};

    /** Every S3 call fails from the {@code after}-th on while armed: the process is dead from there. */
    static final class DeadAfter implements ExecutionInterceptor {
        final AtomicInteger left = new AtomicInteger(Integer.MAX_VALUE);

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (left.getAndDecrement() <= 0) {
                throw new IllegalStateException("killed");
            }
        }
    }

    @Test
    void aPassKilledAfterAnyS3CallLeavesOnlyWholeRecoveryPointsAndTheRerunConverges() throws Exception {
        killAfterEveryCall(false);
    }

    @Test
    void onAVersionedBucketToo() throws Exception {
        killAfterEveryCall(true);
    }

    private void killAfterEveryCall(boolean versioned) throws Exception {
        String table = TestAws.unique("orders");
        SettableClock clock = new SettableClock(Instant.EPOCH);
        StrataSettings origin = settings(TestAws.unique("vault"), table);
        Map<String, RecoveryPoint> taken = new TreeMap<>();
        try (AwsClients clients = TestAws.clients(origin)) {
            Vault vault = TestAws.vault(clients, origin);
            ServiceRegistry services = Services.registry(clients, vault, origin, clock, new StopSignal());
            Tables.create(clients.dynamoDb(), table);
            Tables.putIncompressible(clients.dynamoDb(), table, 40, 5);
            for (String day : List.of("2026-02-10", "2026-02-28", "2026-03-01")) {
                clock.set(Instant.parse(day + "T02:00:00Z"));
                taken.put(day, services.get("dynamodb").backup(table, "nightly"));
            }
            clock.set(Instant.parse("2026-03-01T12:00:00Z"));

            Map<String, String> reference = afterCleanPass(clients, origin, table, clock, versioned);
            int calls = 0;
            for (int kill = 0; kill < 500; kill++) {
                StrataSettings run = copy(clients, origin, table, versioned);
                DeadAfter dead = new DeadAfter();
                boolean finished;
                try (AwsClients dying = TestAws.clients(run, dead)) {
                    int at = kill;
                    finished = pass(dying, run, clock, () -> dead.left.set(at)).ok();
                } catch (IllegalStateException e) {
                    finished = false; // the kill came where the pass does not catch: dead all the same
                }
                // What a user or a restore sees at the kill: every listed recovery point is whole.
                try (AwsClients after = TestAws.clients(run)) {
                    Vault left = TestAws.vault(after, run);
                    List<RecoveryPoint> listed = left.list(p -> true).points();
                    for (RecoveryPoint point : listed) {
                        assertWhole(left, point, "killed after " + kill + " call(s)");
                    }
                    assertTrue(listed.stream().anyMatch(p -> p.key().equals(taken.get("2026-02-28").key()))
                            && listed.stream().anyMatch(p -> p.key().equals(taken.get("2026-03-01").key())),
                            "the kept ones are never lost (killed after " + kill + ")");
                    ArchiveReport rerun = pass(after, run, clock);
                    assertTrue(rerun.ok(), "rerun after a kill at " + kill + ": " + rerun.problems() + " "
                            + rerun.outcomes().stream().map(o -> o.status() + " " + o.detail()).toList());
                    assertEquals(reference, objects(left), "after a kill at call " + kill + " and a rerun");
                }
                calls = kill;
                if (finished) {
                    break; // the kill came after the pass's last call
                }
            }
            assertTrue(calls > 10, "the pass makes more than 10 S3 calls: " + calls);
        }
    }

    private static void assertWhole(Vault vault, RecoveryPoint point, String when) {
        for (DataFile file : point.files()) {
            long size = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(file.key())).contentLength();
            assertEquals(file.bytes(), size, file.key() + " of listed " + point.key() + " " + when);
        }
    }

    private static StrataSettings settings(String bucket, String table) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(POLICY),
                java.util.stream.Stream.of("strata.plan.nightly.resources", "dynamodb:" + table)).toArray(String[]::new);
        return TestAws.settings(bucket, all);
    }

    /** A fresh bucket holding what the origin holds. */
    private static StrataSettings copy(AwsClients clients, StrataSettings origin, String table, boolean versioned) {
        StrataSettings run = settings(TestAws.unique("vault"), table);
        Vault to = TestAws.vault(clients, run);
        if (versioned) {
            to.s3().putBucketVersioning(r -> r.bucket(to.bucket())
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        String from = VaultSettings.from(origin.properties()).bucket();
        for (S3Object object : clients.s3().listObjectsV2Paginator(r -> r.bucket(from)).contents()) {
            clients.s3().copyObject(r -> r.sourceBucket(from).sourceKey(object.key()).destinationBucket(to.bucket())
                    .destinationKey(object.key()));
        }
        return run;
    }

    private static Map<String, String> afterCleanPass(AwsClients clients, StrataSettings origin, String table,
                                                      SettableClock clock, boolean versioned) {
        StrataSettings run = copy(clients, origin, table, versioned);
        ArchiveReport report = pass(clients, run, clock);
        assertTrue(report.ok());
        assertEquals(1, report.count(ArchiveDecision.Action.EXPIRE));
        assertEquals(1, report.count(ArchiveDecision.Action.TIER));
        return objects(TestAws.vault(clients, run));
    }

    private static ArchiveReport pass(AwsClients clients, StrataSettings run, SettableClock clock) {
        return pass(clients, run, clock, () -> { });
    }

    private static ArchiveReport pass(AwsClients clients, StrataSettings run, SettableClock clock, Runnable arm) {
        Vault vault = TestAws.vault(clients, run);
        ServiceRegistry services = Services.registry(clients, vault, run, clock, new StopSignal());
        PlanCatalog plans = PlanCatalog.from(run.properties(), Services.selectors()::parse);
        arm.run();
        return new Archivist(plans, ArchivePolicies.from(run.properties(), plans), services, vault, clock,
                new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    /** Every object (every version on a versioned bucket) of the vault: key (and which version) → class and size. */
    private static Map<String, String> objects(Vault vault) {
        Map<String, String> all = new TreeMap<>();
        vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket())).versions().forEach(v -> all.merge(v.key(),
                v.storageClassAsString() + " " + v.size() + (v.isLatest() ? "" : " (noncurrent)"), (a, b) -> a + "; " + b));
        vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket())).deleteMarkers().forEach(m -> all.merge(
                m.key(), "delete marker", (a, b) -> a + "; " + b));
        return all;
    }
}
