package io.strata.bench;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.ExportManifest;
import io.strata.dynamodb.ExportSourceResolver;
import io.strata.dynamodb.ExportVerifier;
import io.strata.dynamodb.RestoreResult;
import io.strata.dynamodb.TableRestorer;
import io.strata.dynamodb.TableSchema;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive benchmark's recovery points are clones of one real export; these tests hold the
 * clones to what a real export is: verify passes, restore brings back the items, list shows them,
 * and the folder holds the same objects.
 */
class ArchiveSeederIT {

    private static final int ITEMS = 8;

    private static StrataSettings settings;
    private static AwsClients clients;
    private static Vault vault;
    private static String source;
    private static ArchiveSeeder.Template template;

    @BeforeAll
    static void start() throws Exception {
        settings = TestAws.settings(TestAws.unique("seeder"), "strata.dynamodb.segments", "1");
        clients = TestAws.clients(settings);
        Vault templates = TestAws.vault(clients, settings).inBucket(TestAws.unique("seeder-template"));
        templates.checkBucket(true);
        source = TestAws.unique("seeder-source");
        template = ArchiveSeeder.template(clients.dynamoDb(), templates, settings, "us-east-1", source, ITEMS);
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @Test
    void aCloneVerifiesAndRestoresTheTemplatesItems() throws Exception {
        String table = TestAws.unique("clone");
        Instant started = Instant.parse("2026-03-01T02:00:07Z");

        String key = new ArchiveSeeder(vault, template, 4).clone(table, started);

        VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(key));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(ITEMS, report.items());
        RecoveryPoint point = vault.read(RecoveryPointKey.parse(key));
        assertEquals("dynamodb:" + table, point.resource());
        assertEquals("bench", point.plan());
        assertEquals(started, point.startedAt());
        assertEquals(table, Json.MAPPER.treeToValue(point.schema(), TableSchema.class).tableName());
        String restored = TestAws.unique("clone-restored");
        RestoreResult result = new TableRestorer(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()))
                .restore(new ExportSourceResolver(vault).resolve(key), restored, false, null);
        assertEquals(ITEMS, result.items());
        assertEquals(Tables.scanAll(clients.dynamoDb(), source), Tables.scanAll(clients.dynamoDb(), restored));
    }

    @Test
    void aCloneHoldsTheObjectsAndManifestOfAnExportOfItsTableAtItsTime() throws Exception {
        String table = TestAws.unique("layout");
        Instant started = Instant.parse("2026-02-11T02:00:03Z");

        String key = new ArchiveSeeder(vault, template, 4).clone(table, started);

        RecoveryPoint point = vault.read(RecoveryPointKey.parse(key));
        Set<String> names = relativeNames(vault.bucket(), point);
        assertEquals(relativeNames(template.summary().s3Bucket(), template.point()), names);
        assertEquals(ArchiveSeeder.OBJECTS_PER_POINT, names.size());
        ExportManifest.Summary summary;
        try (InputStream in = vault.open(point.exportPrefix() + ExportManifest.SUMMARY)) {
            summary = ExportManifest.readSummary(in);
        }
        String exportId = point.exportPrefix().substring(key.length() + "AWSDynamoDB/".length(),
                point.exportPrefix().length() - 1);
        assertEquals(String.format("%014d-%s", started.toEpochMilli(), RecoveryPointKey.parse(key).suffix()), exportId);
        assertTrue(summary.exportArn().endsWith("/" + table + "/export/" + exportId), summary.exportArn());
        assertEquals(key.substring(0, key.length() - 1), summary.s3Prefix());
        assertEquals(vault.bucket(), summary.s3Bucket());
        assertEquals(started, summary.startTime());
        assertEquals(template.summary().itemCount(), summary.itemCount());
    }

    @Test
    void seedingPutsOnePointADayPerTableNewestFirstAndWipeEmptiesTheBucket() throws Exception {
        Vault fresh = vault.inBucket(TestAws.unique("seeded"));
        fresh.checkBucket(true);
        Instant newest = Instant.parse("2026-05-20T02:00:00Z");

        ArchiveSeeder.Seeding seeding = new ArchiveSeeder(fresh, template, 4).seed(7, 2, newest);

        assertEquals(List.of(4, 3), seeding.keysByTable().stream().map(List::size).toList());
        Listing listing = fresh.list(p -> true);
        assertTrue(listing.problems().isEmpty(), listing.problems().toString());
        assertEquals(7, listing.points().size());
        List<RecoveryPoint> first = listing.points().stream().filter(p -> p.resource().equals("dynamodb:bench-0000"))
                .toList();
        assertEquals(List.of(newest, newest.minus(Duration.ofDays(1)), newest.minus(Duration.ofDays(2)),
                newest.minus(Duration.ofDays(3))), first.stream().map(RecoveryPoint::startedAt).toList());
        assertEquals(newest.plusSeconds(1), listing.points().stream()
                .filter(p -> p.resource().equals("dynamodb:bench-0001")).findFirst().orElseThrow().startedAt());
        assertEquals(7L * ArchiveSeeder.OBJECTS_PER_POINT, ArchiveSeeder.stored(fresh).objects());

        assertEquals(28, ArchiveSeeder.wipe(fresh));
        assertEquals(new ArchiveSeeder.Stored(0, 0), ArchiveSeeder.stored(fresh));
    }

    /** The objects of a recovery point's folder, relative to it, with its export id as {@code <id>}. */
    private static Set<String> relativeNames(String bucket, RecoveryPoint point) {
        String exportId = point.exportPrefix().substring(point.key().length() + "AWSDynamoDB/".length(),
                point.exportPrefix().length() - 1);
        Set<String> names = new TreeSet<>();
        for (S3Object object : clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(point.key())).contents()) {
            names.add(object.key().substring(point.key().length()).replace(exportId, "<id>"));
        }
        return names;
    }
}
