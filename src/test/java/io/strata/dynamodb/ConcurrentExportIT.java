package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Faults;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two backups of one table at once (same clock second, as two processes, two plans on one cron or
 * two replicas would start them), a failing twin, a slow export outliving the sweep age, and what a
 * crashed attempt leaves behind.
 */
class ConcurrentExportIT {

    private static final Instant SAME_SECOND = Instant.parse("2026-11-22T02:00:00.250Z");
    /** Short enough for a test, long enough that a busy 2-core machine never misses half of it (CheckHeld). */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(100), Duration.ofSeconds(2));

    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private String table;

    @BeforeEach
    void start() throws Exception {
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        table = TestAws.unique("twins");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 500).mapToObj(i -> Tables.simple("p" + i % 7, i,
                "item " + i)).toList());
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private TableExporter exporter(AwsClients with, Clock clock, AttemptTiming timing) {
        // Each client set has its own vault, so its interceptors see that export's S3 calls.
        return new TableExporter(with.dynamoDb(), Vault.from(with.s3(), settings), DynamoDbSettings.from(settings.properties()), clock,
                "us-east-1", timing);
    }

    private void assertVerified(RecoveryPoint point) {
        var report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(500, report.items());
    }

    @Test
    void twoExportsInTheSameSecondCommitTwoRecoveryPoints() throws Exception {
        Clock frozen = Clock.fixed(SAME_SECOND, ZoneOffset.UTC);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<RecoveryPoint>> exports = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            Faults.await(go);
            return exporter(clients, frozen, AttemptTiming.DEFAULT).export(table, "plan-" + i);
        })).toList();
        go.countDown();
        RecoveryPoint first = exports.get(0).get(60, TimeUnit.SECONDS);
        RecoveryPoint second = exports.get(1).get(60, TimeUnit.SECONDS);

        assertNotEquals(first.key(), second.key());
        assertTrue(first.key().contains("/20261122T020000Z-"), first.key());
        assertEquals(2, vault.list(p -> true).points().size());
        assertVerified(first);
        assertVerified(second);
        String restored = table + "-restored";
        new TableRestorer(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()))
                .restore(new ExportSourceResolver(vault).resolve(second.key()), restored, false, null);
        assertEquals(500, Tables.scanAll(clients.dynamoDb(), restored).size());
    }

    /** Fails the manifest upload of one export: its cleanup then runs while its twin is about to commit. */
    static final class FailManifest implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith("manifest-files.json")) {
                throw SdkClientException.create("injected: S3 unreachable while writing the manifest");
            }
        }
    }

    /** Holds the commit of one export until {@code release} opens. */
    static final class HoldCommit implements ExecutionInterceptor {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith(RecoveryPointKey.DESCRIPTOR)) {
                Faults.await(release);
            }
        }
    }

    @Test
    void aFailingTwinRemovesOnlyItsOwnFiles() throws Exception {
        Clock frozen = Clock.fixed(SAME_SECOND, ZoneOffset.UTC);
        HoldCommit hold = new HoldCommit();
        try (AwsClients held = TestAws.clients(settings, hold);
             AwsClients failing = TestAws.clients(settings, new FailManifest())) {
            CompletableFuture<RecoveryPoint> survivor = CompletableFuture.supplyAsync(
                    () -> exporter(held, frozen, AttemptTiming.DEFAULT).export(table, "a"));
            ExportException failure = assertThrows(ExportException.class,
                    () -> exporter(failing, frozen, AttemptTiming.DEFAULT).export(table, "b"));
            hold.release.countDown();
            RecoveryPoint point = survivor.get(60, TimeUnit.SECONDS);

            assertTrue(failure.getMessage().contains("injected: S3 unreachable"), failure.getMessage());
            assertVerified(point);
            assertEquals(List.of(point.key()), vault.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
            String restored = table + "-restored";
            new TableRestorer(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()))
                    .restore(new ExportSourceResolver(vault).resolve(point.key()), restored, false, null);
            assertEquals(500, Tables.scanAll(clients.dynamoDb(), restored).size());
        }
    }

    /** Holds every Scan page after the {@code after}-th until {@code release} opens. */
    static final class SlowScan implements ExecutionInterceptor {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger pages = new AtomicInteger();
        final int after;

        SlowScan(int after) {
            this.after = after;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ScanRequest && pages.incrementAndGet() > after) {
                Faults.await(release);
            }
        }
    }

    @Test
    void theSweepSparesAnExportRunningLongerThanTheSweepAge() throws Exception {
        String big = TestAws.unique("long");
        Tables.create(clients.dynamoDb(), big);
        // ~8 MB of incompressible data in one segment: two 5 MiB parts.
        Tables.putIncompressible(clients.dynamoDb(), big, 2000, 5);
        var oneSegment = new DynamoDbSettings(1, 0, 100, 4, 12);
        SlowScan slow = new SlowScan(15);
        try (AwsClients slowClients = TestAws.clients(settings, slow)) {
            CompletableFuture<RecoveryPoint> running = CompletableFuture.supplyAsync(() -> new TableExporter(
                    slowClients.dynamoDb(), vault, oneSegment, Clock.systemUTC(), "us-east-1", FAST).export(big, "long"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (openUploads() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, openUploads(), "the running export has its multipart upload open");
            Thread.sleep(FAST.staleAfter().multipliedBy(2).toMillis()); // the upload is now older than the sweep age

            RecoveryPoint other = new TableExporter(clients.dynamoDb(), vault, oneSegment, Clock.systemUTC(), "us-east-1",
                    FAST).export(big, "other");
            slow.release.countDown();
            RecoveryPoint longOne = running.get(60, TimeUnit.SECONDS);

            for (RecoveryPoint point : List.of(other, longOne)) {
                var report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));
                assertTrue(report.ok(), report.problems().toString());
                assertEquals(2000, report.items());
            }
        }
    }

    @Test
    void theNextExportRemovesWhatACrashedAttemptLeftAndSparesALiveOne() throws Exception {
        try (AwsClients crashing = TestAws.clients(settings, new Faults.CrashBeforeCommit())) {
            assertThrows(Faults.Crash.class, () -> exporter(crashing, Clock.systemUTC(), FAST).export(table, "crashed"));
        }
        String resourcePrefix = RecoveryPointKey.resourcePrefix("", "dynamodb", "us-east-1", table);
        List<String> leftovers = keys(resourcePrefix);
        assertTrue(leftovers.stream().anyMatch(k -> k.endsWith("manifest-summary.json")), leftovers.toString());
        assertTrue(vault.list(p -> true).points().isEmpty(), "nothing was committed");
        String dead = leftovers.get(0).substring(0, leftovers.get(0).indexOf('/', resourcePrefix.length()) + 1);
        Thread.sleep(FAST.staleAfter().multipliedBy(2).toMillis());
        String live = resourcePrefix + "20261122T020000Z-0badcafe/";
        vault.putJson(live + "in-progress.json", Map.of("renewedAt", Instant.now().toString()));

        RecoveryPoint next = exporter(clients, Clock.systemUTC(), FAST).export(table, "next");

        assertVerified(next);
        List<String> after = keys(resourcePrefix);
        assertFalse(after.stream().anyMatch(k -> k.startsWith(dead)), "the dead attempt's files are gone: " + after);
        assertTrue(after.contains(live + "in-progress.json"), "a live attempt is never swept: " + after);
    }

    private List<String> keys(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private int openUploads() {
        return clients.s3().listMultipartUploads(r -> r.bucket(vault.bucket())).uploads().size();
    }
}
