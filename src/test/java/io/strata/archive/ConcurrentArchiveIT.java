package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.AtomicConditionalWrites;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import io.strata.vault.attempt.ArchiveLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two archive passes of one plan at once (a manual {@code strata archive} beside the daemon's, or
 * two daemons): before the plan lock, both planned the same expirations and both reported them.
 * Now exactly one pass acts on a plan at a time; the other does nothing and names the one running.
 */
class ConcurrentArchiveIT {

    private static final String[] DAYS = {"2026-01-10", "2026-01-20", "2026-02-05", "2026-02-08", "2026-02-09",
            "2026-02-10"};
    private static final Instant AS_OF = Instant.parse("2026-02-10T12:00:00Z");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private String table;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private PlanCatalog plans;

    @BeforeEach
    void start() throws Exception {
        table = TestAws.unique("orders");
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=3");
        // S3Mock checks a conditional write's precondition and then writes, unlocked: S3 does both at once.
        clients = TestAws.clients(settings, new AtomicConditionalWrites());
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        for (String day : DAYS) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            services.get("dynamodb").backup(table, "nightly");
        }
        clock.set(AS_OF);
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private Archivist archivist() {
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal());
    }

    private static long expired(ArchiveReport report) {
        return report.outcomes().stream().filter(o -> o.decision().action() == ArchiveDecision.Action.EXPIRE
                && o.status() == ArchiveReport.Status.DONE).count();
    }

    private List<String> descriptors() {
        List<String> keys = new ArrayList<>();
        vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix("strata/dynamodb/")).contents()
                .stream().map(S3Object::key).filter(k -> k.endsWith("/recovery-point.json")).forEach(keys::add);
        return keys;
    }

    @Test
    void aPassWhileAnotherHoldsThePlanDoesNothingAndNamesIt() {
        try (ArchiveLock running = ArchiveLock.take(vault, "nightly", ArchiveLock.TIMING, clock)) {
            ArchiveReport report = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

            assertFalse(report.ok());
            assertEquals(0, expired(report));
            assertTrue(report.problems().get(0).startsWith("Another archive pass of plan nightly is running on "),
                    report.problems().toString());
            assertTrue(report.problems().get(0).contains("this pass did nothing"), report.problems().toString());
            assertEquals(DAYS.length, descriptors().size(), "a refused pass expired something");
        }
        // The other pass ended (its lock is gone): the next pass does the work.
        ArchiveReport after = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
        assertTrue(after.ok(), after.problems().toString());
        assertEquals(3, expired(after));
        assertEquals(3, descriptors().size());
    }

    @Test
    void twoPassesStartedTogetherExpireAndReportEachPointOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ArchiveReport>> passes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Archivist archivist = archivist();
            passes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return archivist.run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
            }));
        }
        go.countDown();
        ArchiveReport first = passes.get(0).get();
        ArchiveReport second = passes.get(1).get();

        // Either the second was refused while the first ran, or it ran after and found nothing left:
        // never both reporting the same three expirations.
        assertEquals(3, expired(first) + expired(second), first.outcomes() + " / " + second.outcomes());
        assertEquals(3, descriptors().size());
        assertTrue(vault.s3().listObjectsV2(r -> r.bucket(vault.bucket()).prefix(ArchiveLock.key(vault, "nightly")))
                .contents().isEmpty(), "the lock outlived both passes");
    }

    @Test
    void aLockLeftByAKilledPassIsTakenOverOnceItsLeaseLapsed() {
        // A pass that died without releasing: its lock stays until the lease lapses (5 min).
        ArchiveLock.take(vault, "nightly", ArchiveLock.TIMING, clock);
        ArchiveReport refused = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
        assertFalse(refused.ok());

        clock.set(AS_OF.plus(Duration.ofMinutes(6)));
        ArchiveReport taken = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
        assertTrue(taken.ok(), taken.problems().toString());
        assertEquals(3, expired(taken));
    }
}
