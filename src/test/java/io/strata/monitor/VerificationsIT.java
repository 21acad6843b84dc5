package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopier;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.tiering.StoredTiers;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Verification records beside a recovery point: written encrypted as their own objects, the newest of a
 * kind read back, and treated by the vault's other readers as part of their point, never as one.
 */
class VerificationsIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T02:00:00Z"));
    private String table;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private Verifications records;

    @BeforeEach
    void start() throws Exception {
        table = TestAws.unique("checked");
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=1");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        records = new Verifications(vault);
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "one"), Tables.simple("b", 2, "two")));
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private RecoveryPoint backUpAt(String instant) {
        clock.set(Instant.parse(instant));
        return services.get("dynamodb").backup(table, "nightly");
    }

    private Verification verify(RecoveryPoint point, String at, ResourceStatus status) {
        Instant started = Instant.parse(at);
        return status == ResourceStatus.OK
                ? Verification.passed(Verification.VERIFY, point.key(), started, started.plusSeconds(2), Map.of("files", 1))
                : Verification.failed(Verification.VERIFY, point.key(), started, started.plusSeconds(2), status,
                "data file changed", Map.of());
    }

    private List<String> keysUnder(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    void theNewestRecordOfEachKindIsReadBackAndEveryRecordIsEncryptedBesideItsPoint() {
        RecoveryPoint point = backUpAt("2026-03-01T02:00:00Z");
        String first = records.write(verify(point, "2026-03-01T03:00:00Z", ResourceStatus.OK));
        records.write(verify(point, "2026-03-02T03:00:00Z", ResourceStatus.CORRUPT));
        records.write(Verification.passed(Verification.RESTORE_TEST, point.key(), Instant.parse("2026-03-01T04:00:00Z"),
                Instant.parse("2026-03-01T04:05:00Z"), Map.of("scratch", "strata-restore-test-x")));

        assertEquals(point.key() + "verifications/20260301T030000Z-verify.json", first);
        Verification newest = records.newest(point.key(), Verification.VERIFY).orElseThrow();
        assertEquals(ResourceStatus.CORRUPT, newest.status());
        assertFalse(newest.ok());
        assertEquals("data file changed", newest.reason());
        assertEquals(Instant.parse("2026-03-02T03:00:00Z"), newest.startedAt());
        Verification test = records.newest(point.key(), Verification.RESTORE_TEST).orElseThrow();
        assertTrue(test.ok());
        assertNull(test.reason());
        assertEquals("strata-restore-test-x", test.details().get("scratch").asText());
        for (String key : keysUnder(RecoveryPointKey.parse(point.key()).verificationsPrefix())) {
            assertEquals("AES256", clients.s3().headObject(r -> r.bucket(vault.bucket()).key(key))
                    .serverSideEncryptionAsString(), key);
        }
        // The catalog takes them for part of their point: one point, its records among its objects, pinned to STANDARD.
        Listing listing = vault.list("dynamodb", p -> true);
        assertEquals(List.of(point.key()), listing.points().stream().map(RecoveryPoint::key).toList());
        List<StoredObject> folder = listing.objectsOf(point);
        assertEquals(3, folder.stream().filter(o -> o.key().contains("/verifications/")).count());
        assertTrue(folder.stream().filter(o -> o.key().contains("/verifications/")).allMatch(StoredTiers::pinned));
        assertEquals(ResourceStatus.CORRUPT, records.newest(point.key(), folder, Verification.VERIFY).orElseThrow().status());
        assertEquals(Optional.empty(), records.newest(backUpAt("2026-03-03T02:00:00Z").key(), Verification.VERIFY));
    }

    @Test
    void aRecordCopiedFromAnotherPointsFolderDoesNotSpeakForThisOne() {
        RecoveryPoint verified = backUpAt("2026-03-01T02:00:00Z");
        RecoveryPoint other = backUpAt("2026-03-02T02:00:00Z");
        records.write(verify(other, "2026-03-02T05:00:00Z", ResourceStatus.CORRUPT));
        String planted = records.write(verify(verified, "2026-03-02T04:00:00Z", ResourceStatus.OK));
        byte[] bytes = clients.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(planted)).asByteArray();
        String copy = RecoveryPointKey.parse(other.key()).verificationsPrefix() + "20260302T060000Z-verify.json";
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(copy), RequestBody.fromBytes(bytes));
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(RecoveryPointKey.parse(other.key())
                .verificationsPrefix() + "20260302T070000Z-verify.json"), RequestBody.fromString("{not json"));

        assertEquals(ResourceStatus.CORRUPT, records.newest(other.key(), Verification.VERIFY).orElseThrow().status());
    }

    @Test
    void recordsGoWithTheirPointWhenItExpiresAndStayOutOfASecondVaultsCopy() {
        RecoveryPoint old = backUpAt("2026-02-01T02:00:00Z");
        records.write(verify(old, "2026-02-01T03:00:00Z", ResourceStatus.OK));
        backUpAt("2026-03-01T02:00:00Z");
        Vault second = vault.inBucket(TestAws.unique("second"));
        second.checkBucketExists(true);

        new VaultCopier().copy(vault, second, old.key(), () -> false);
        assertTrue(keysUnder(old.key()).stream().anyMatch(k -> k.contains("/verifications/")));
        List<String> copied = clients.s3().listObjectsV2Paginator(r -> r.bucket(second.bucket()).prefix(old.key()))
                .contents().stream().map(S3Object::key).toList();
        assertTrue(copied.contains(RecoveryPointKey.parse(old.key()).descriptorKey()), copied.toString());
        assertTrue(copied.stream().noneMatch(k -> k.contains("/verifications/")), copied.toString());

        clock.set(Instant.parse("2026-03-01T12:00:00Z"));
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        ArchiveReport pass = new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault,
                clock, new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

        assertTrue(pass.ok(), pass.problems().toString());
        assertEquals(List.of(), keysUnder(old.key()));
    }
}
