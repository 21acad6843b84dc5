package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StorageTier;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive pass on S3Mock and DynamoDB Local: real exports taken on chosen days (a settable
 * clock), then retention and tiering evaluated as of a later instant.
 */
class ArchiveIT {

    private static final String[] DAYS = {"2026-01-10", "2026-01-20", "2026-01-31", "2026-02-05", "2026-02-08",
            "2026-02-09", "2026-02-10"};
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
                "strata.plan.nightly.retention", "daily=3,monthly=12",
                "strata.plan.nightly.tiering", "5d:GLACIER_IR,100d:DEEP_ARCHIVE");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        // ~240 KB of random bytes: one data file above the 128 KB minimum tiering size.
        Tables.putIncompressible(clients.dynamoDb(), table, 60, 11);
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private Archivist archivist() {
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal());
    }

    private Map<String, RecoveryPoint> backUpOn(String plan, String... days) {
        Map<String, RecoveryPoint> byDay = new TreeMap<>();
        for (String day : days) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            byDay.put(day, services.get("dynamodb").backup(table, plan));
        }
        return byDay;
    }

    @Test
    void expiresWhatNoRuleKeepsAndMovesAgedDataFilesLeavingDescriptorsAndManifestsInStandard() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", DAYS);
        clock.set(AS_OF);

        ArchiveReport report = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

        assertTrue(report.ok(), () -> report.outcomes().stream().map(o -> o.status() + " " + o.detail()).toList().toString());
        // daily=3 keeps Feb 10, 9, 8; monthly=12 keeps Feb 10 and Jan 31; the rest expire.
        assertEquals(List.of("2026-01-31", "2026-02-08", "2026-02-09", "2026-02-10"), committedDays());
        for (String expired : List.of("2026-01-10", "2026-01-20", "2026-02-05")) {
            assertEquals(List.of(), objectsUnder(points.get(expired).key()), expired + " left objects behind");
        }
        Map<String, String> classes = storageClasses(points.get("2026-01-31").key());
        classes.forEach((key, storageClass) -> {
            boolean pinned = key.endsWith(RecoveryPointKey.DESCRIPTOR) || key.contains("/manifest-");
            assertEquals(pinned ? "STANDARD" : "GLACIER_IR", storageClass, key);
        });
        assertTrue(classes.keySet().stream().anyMatch(key -> key.endsWith(".json.gz")), "a data file was moved");
        // Two days old: not yet due.
        assertTrue(storageClasses(points.get("2026-02-08").key()).values().stream().allMatch("STANDARD"::equals));
        for (String key : storageClasses(points.get("2026-01-31").key()).keySet()) {
            HeadObjectResponse head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key));
            assertEquals("AES256", head.serverSideEncryptionAsString(), key + " lost its encryption in the copy");
        }
    }

    @Test
    void aTieredRecoveryPointStillVerifiesAndRestoresItsItems() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", DAYS);
        clock.set(AS_OF);
        archivist().run(new Archivist.ArchiveOrder("nightly", null, false));

        RecoveryPoint tiered = vault.read(RecoveryPointKey.parse(points.get("2026-01-31").key()));
        assertTrue(services.of(tiered).verify(vault, tiered).ok());
        String target = TestAws.unique("restored");
        services.of(tiered).restore(vault, tiered, new RestoreRequest(target, Map.of()));
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
    }

    @Test
    void aSecondPassChangesNothing() throws Exception {
        backUpOn("nightly", DAYS);
        clock.set(AS_OF);
        archivist().run(new Archivist.ArchiveOrder("nightly", null, false));
        Map<String, Instant> before = lastModified();

        ArchiveReport again = archivist().run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

        assertEquals(0, again.count(ArchiveDecision.Action.TIER) + again.count(ArchiveDecision.Action.EXPIRE));
        assertEquals(before, lastModified());
    }

    @Test
    void aDryRunDecidesAndChangesNothing() throws Exception {
        backUpOn("nightly", DAYS);
        Map<String, Instant> before = lastModified();

        ArchiveReport report = archivist().run(new Archivist.ArchiveOrder("nightly", AS_OF, true)).get(0);

        assertEquals(3, report.count(ArchiveDecision.Action.EXPIRE));
        assertEquals(1, report.count(ArchiveDecision.Action.TIER));
        assertEquals(before, lastModified());
        assertTrue(report.monthlyCostAfter() < report.monthlyCostBefore());
        assertEquals(0L, report.bytesBefore().getOrDefault(StorageTier.GLACIER_IR, 0L));
        assertTrue(report.bytesAfter().get(StorageTier.GLACIER_IR) > 128 * 1024);
    }

    @Test
    void recoveryPointsOfOtherPlansAndOfTheCommandLineAreNeverTouched() throws Exception {
        backUpOn(null, "2025-06-01");
        backUpOn("weekly", "2025-06-02");
        backUpOn("nightly", DAYS);
        clock.set(AS_OF);

        archivist().run(new Archivist.ArchiveOrder("nightly", null, false));

        assertTrue(committedDays().containsAll(List.of("2025-06-01", "2025-06-02")));
        assertTrue(storageClasses(RecoveryPointKey.resourcePrefix(vault.prefix(), "dynamodb", "us-east-1", table))
                .entrySet().stream().filter(e -> e.getKey().contains("/2025"))
                .allMatch(e -> e.getValue().equals("STANDARD")));
    }

    @Test
    void smallObjectsStayWhereTheyAre() throws Exception {
        String small = TestAws.unique("small");
        Tables.create(clients.dynamoDb(), small);
        Tables.put(clients.dynamoDb(), small, List.of(Tables.simple("a", 1, "tiny")));
        String saved = table;
        table = small;
        settings.properties().setProperty("strata.plan.nightly.resources", "dynamodb:" + small);
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Map<String, RecoveryPoint> points = backUpOn("nightly", "2026-01-01");
        table = saved;

        ArchiveReport report = archivist().run(new Archivist.ArchiveOrder("nightly", AS_OF, false)).get(0);

        assertEquals(ArchiveDecision.Action.KEEP, report.outcomes().get(0).decision().action());
        assertTrue(storageClasses(points.get("2026-01-01").key()).values().stream().allMatch("STANDARD"::equals));
    }

    private List<String> committedDays() {
        return vault.list("dynamodb", p -> p.resource().equals("dynamodb:" + table)).points().stream()
                .map(p -> p.startedAt().toString().substring(0, 10)).sorted().toList();
    }

    private List<String> objectsUnder(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private Map<String, String> storageClasses(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> o.storageClassAsString() == null ? "STANDARD"
                        : o.storageClassAsString(), (a, b) -> a, TreeMap::new));
    }

    private Map<String, Instant> lastModified() {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(vault.prefix() + "strata/"))
                .contents().stream().collect(Collectors.toMap(S3Object::key, S3Object::lastModified, (a, b) -> a,
                        TreeMap::new));
    }
}
