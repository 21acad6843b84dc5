package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.EnforcedObjectLock;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;

/** {@code strata forget}'s refusals and crash safety, on S3Mock (Object Lock by {@link EnforcedObjectLock}). */
class ForgetIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2030-03-10T01:00:00Z"));
    private final AtomicBoolean failDataDeletes = new AtomicBoolean();
    private AwsClients plain;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private StrataSettings settings;

    /** A process killed after the descriptor went: every delete of a data file (DeleteObject or DeleteObjects, as the
     * expiry batches them) fails while armed. */
    private final ExecutionInterceptor killedMidForget = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (failDataDeletes.get() && context.request() instanceof DeleteObjectRequest delete
                    && delete.key().contains("/data/")) {
                throw new IllegalStateException("killed");
            }
            if (failDataDeletes.get() && context.request() instanceof DeleteObjectsRequest deletes
                    && deletes.delete().objects().stream().anyMatch(o -> o.key().contains("/data/"))) {
                throw new IllegalStateException("killed");
            }
        }
    };

    private RecoveryPoint start(boolean locked, String table) throws Exception {
        String[] base = {"strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table};
        settings = locked ? TestAws.settings(TestAws.unique("forget-locked"), concat(base, "strata.vault.lock-days", "3"))
                : TestAws.settings(TestAws.unique("forget"), base);
        plain = TestAws.clients(settings);
        clients = locked ? TestAws.clients(settings, new EnforcedObjectLock(plain.s3(), clock), killedMidForget)
                : TestAws.clients(settings, killedMidForget);
        vault = Vault.from(clients.s3(), settings, clock);
        vault.checkBucket(true);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 20, 3);
        return services.get("dynamodb").backup(table, "nightly");
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    private Forgetting forgetting() {
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        ArchivePolicies policies = ArchivePolicies.from(settings.properties(), plans);
        return new Forgetting(services, vault, policies, new VaultCopies(policies, vault, region -> clients.s3(), false,
                () -> false), clock, LegalHolds.NONE);
    }

    private List<String> keysUnder(String prefix) {
        return plain.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
            plain.close();
        }
    }

    @Test
    void aPointUnderObjectLockIsRefusedWithItsDateAndKeptWhole() throws Exception {
        RecoveryPoint point = start(true, TestAws.unique("locked"));
        List<String> before = keysUnder(point.key());

        Forgetting.Target target = forgetting().find(point.key());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> forgetting().forget(target));

        assertTrue(target.refusal().orElseThrow().contains("is locked until 2030-03-13T01:00:00Z"), target.refusal().get());
        assertTrue(refused.getMessage().contains("it can be forgotten after 2030-03-13T01:00:00Z. Nothing deleted"),
                refused.getMessage());
        assertEquals(before, keysUnder(point.key()));

        clock.set(Instant.parse("2030-03-13T02:00:00Z"));
        Forgetting.Target later = forgetting().find(point.key());
        assertTrue(later.refusal().isEmpty(), later.refusal().toString());
        forgetting().forget(later);
        assertFalse(vault.list(p -> true).points().stream().anyMatch(p -> p.key().equals(point.key())));
    }

    @Test
    void aForgetKilledMidwayIsFinishedByTheNextOneFromTheMarker() throws Exception {
        RecoveryPoint point = start(false, TestAws.unique("killed"));
        failDataDeletes.set(true);

        IllegalStateException killed = assertThrows(IllegalStateException.class,
                () -> forgetting().forget(forgetting().find(point.key())));

        assertTrue(killed.getMessage().contains("Run strata forget " + point.key() + " again"), killed.getMessage());
        List<String> left = keysUnder(point.key());
        assertTrue(left.stream().noneMatch(k -> k.endsWith(RecoveryPointKey.DESCRIPTOR)), "descriptor deleted first");
        assertTrue(left.stream().anyMatch(k -> k.endsWith(RecoveryPointKey.EXPIRING)), left.toString());
        assertTrue(vault.list(p -> true).points().isEmpty(), "a half-forgotten point never looks valid");

        failDataDeletes.set(false);
        Forgetting.Target rest = forgetting().find(point.key());
        assertTrue(rest.primary().unfinished());
        assertTrue(rest.describe().get(0).contains("was interrupted, this finishes it"), rest.describe().toString());
        forgetting().forget(rest);

        assertEquals(List.of(), keysUnder(point.key()));
    }
}
