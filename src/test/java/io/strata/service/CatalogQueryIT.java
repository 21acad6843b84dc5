package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.TestAws;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The one catalog query ({@code list}, JMX, the archive pass) reads descriptors in parallel: over
 * hundreds of recovery points it must find exactly what reading every descriptor one after another
 * finds, in the same order, and name each planted or broken descriptor as a problem instead of
 * listing it or hiding the others.
 */
class CatalogQueryIT {

    private static final int TABLES = 3;
    private static final int DAYS = 100;

    private static AwsClients clients;
    private static Vault vault;
    private static ServiceRegistry services;
    private static String brokenKey;
    private static String copiedKey;
    private static final List<String> TABLE_NAMES = new ArrayList<>();

    @BeforeAll
    static void seed() throws Exception {
        StrataSettings settings = TestAws.settings(TestAws.unique("catalog"));
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
        String base = TestAws.unique("cat");
        for (int t = 0; t < TABLES; t++) {
            TABLE_NAMES.add(base + "-" + t);
        }
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        Instant first = Instant.parse("2026-01-01T02:00:00Z");
        RecoveryPoint sample = null;
        for (String table : TABLE_NAMES) {
            for (int day = 0; day < DAYS; day++) {
                RecoveryPoint point = point(table, first.plus(Duration.ofDays(day)));
                sample = point;
                writes.add(writers.submit(() -> vault.putJson(RecoveryPointKey.parse(point.key()).descriptorKey(), point)));
            }
        }
        for (Future<?> write : writes) {
            write.get();
        }
        writers.shutdown();
        // Planted in the first table's folder: bytes that are no descriptor, and a real descriptor copied to another folder.
        RecoveryPoint broken = point(TABLE_NAMES.get(0), Instant.parse("2025-12-01T02:00:00Z"));
        brokenKey = RecoveryPointKey.parse(broken.key()).descriptorKey();
        vault.putBytes(brokenKey, "{\"key\": ".getBytes(StandardCharsets.UTF_8), "application/json");
        RecoveryPoint elsewhere = point(TABLE_NAMES.get(0), Instant.parse("2025-12-02T02:00:00Z"));
        copiedKey = RecoveryPointKey.parse(elsewhere.key()).descriptorKey();
        vault.putJson(copiedKey, sample);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static RecoveryPoint point(String table, Instant started) {
        String key = RecoveryPointKey.create(vault.prefix(), "dynamodb", "us-east-1", table, started).prefix();
        return new RecoveryPoint("test", key, "dynamodb:" + table, "dynamodb", "us-east-1", "nightly", "scan", started,
                started.plusSeconds(60), 0, 0, null, List.of(), null, null);
    }

    /** What reading every descriptor one GET after another gives: the points, newest first per resource, and the failures. */
    private static List<String> readOneByOne(List<String> problems) {
        List<RecoveryPoint> points = new ArrayList<>();
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(vault.prefix()
                + "strata/")).contents()) {
            if (!object.key().endsWith(RecoveryPointKey.DESCRIPTOR)) {
                continue;
            }
            try {
                points.add(vault.read(RecoveryPointKey.parse(object.key())));
            } catch (RuntimeException e) {
                problems.add(object.key());
            }
        }
        return points.stream().sorted(Comparator.comparing(RecoveryPoint::resource)
                .thenComparing(RecoveryPoint::startedAt, Comparator.reverseOrder())
                .thenComparing(RecoveryPoint::key, Comparator.reverseOrder())).map(RecoveryPoint::key).toList();
    }

    @Test
    void theParallelCatalogFindsWhatReadingOneByOneFindsAndNamesEachPlantedDescriptor() {
        List<String> failed = new ArrayList<>();
        List<String> expected = readOneByOne(failed);

        Listing listing = services.catalog().find(vault, null);

        assertEquals(TABLES * DAYS, expected.size());
        assertEquals(expected, listing.points().stream().map(RecoveryPoint::key).toList());
        assertEquals(List.of(brokenKey, copiedKey).stream().sorted().toList(), failed.stream().sorted().toList());
        assertEquals(2, listing.problems().size(), listing.problems().toString());
        assertTrue(listing.problems().stream().anyMatch(p -> p.contains(brokenKey)), listing.problems().toString());
        assertTrue(listing.problems().stream().anyMatch(p -> p.contains(copiedKey)), listing.problems().toString());
        listing.points().forEach(p -> assertTrue(listing.objectsOf(p).stream()
                .anyMatch(o -> o.key().endsWith(RecoveryPointKey.DESCRIPTOR)), p.key()));
    }

    @Test
    void aSelectorReadsOnlyItsResourcesAndFindsTheSamePointsAsTheWholeListing() {
        String table = TABLE_NAMES.get(1);
        List<String> whole = services.catalog().find(vault, null).points().stream()
                .filter(p -> p.resource().equals("dynamodb:" + table)).map(RecoveryPoint::key).toList();

        Listing one = services.catalog().find(vault, Services.selectors().parse("dynamodb:" + table));

        assertEquals(DAYS, one.points().size());
        assertEquals(whole, one.points().stream().map(RecoveryPoint::key).toList());
        assertEquals(List.of(), one.problems(), "the planted descriptors of another table are not read");

        Listing planted = services.catalog().find(vault, Services.selectors().parse("dynamodb:" + TABLE_NAMES.get(0)));
        assertEquals(DAYS, planted.points().size());
        assertEquals(2, planted.problems().size(), planted.problems().toString());
    }
}
