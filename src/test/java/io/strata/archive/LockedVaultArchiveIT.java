package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The archive pass over a vault bucket with Object Lock ({@link EnforcedObjectLock} on S3Mock, its
 * clock the test's): expiry leaves a locked recovery point whole and says until when, never tries to
 * delete a locked version nor to bypass a retention, and expires one whose lock has passed without a
 * version left behind (its own expiring marker included); a tier copy is locked anew, and so is a copy
 * to a second vault.
 * The days are in 2030: S3 refuses a retain-until date in its own past.
 */
class LockedVaultArchiveIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private AwsClients plain;
    private EnforcedObjectLock lock;
    private AwsClients clients;
    private StrataSettings settings;
    private Vault vault;
    private ServiceRegistry services;
    private PlanCatalog plans;
    private String table;
    private final String secondBucket = TestAws.unique("locked-dr");

    @BeforeEach
    void start() throws Exception {
        table = TestAws.unique("locked-orders");
        settings = TestAws.settings(TestAws.unique("locked-archive"), "strata.vault.lock-days", "3",
                "strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table, "strata.plan.nightly.retention", "daily=1,monthly=12",
                "strata.plan.nightly.tiering", "1d:GLACIER_IR",
                "strata.plan.copied.cron", "0 0 3 * * ?", "strata.plan.copied.resources", "dynamodb:" + table,
                "strata.plan.copied.copy-to-vault", secondBucket);
        plain = TestAws.clients(settings);
        lock = new EnforcedObjectLock(plain.s3(), clock);
        clients = TestAws.clients(settings, lock);
        vault = Vault.from(clients.s3(), settings, clock);
        vault.checkBucket(true);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 60, 3); // ~240 KB: worth tiering (above the minimum size)
    }

    @AfterEach
    void stop() {
        clients.close();
        plain.close();
    }

    private RecoveryPoint backUpAt(String instant) {
        return backUpAt(instant, "nightly");
    }

    private RecoveryPoint backUpAt(String instant, String plan) {
        clock.set(Instant.parse(instant));
        return services.get("dynamodb").backup(table, plan);
    }

    private ArchiveReport passAt(String instant) {
        clock.set(Instant.parse(instant));
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    private Map<String, ArchiveReport.Outcome> byKey(ArchiveReport report) {
        return report.outcomes().stream().collect(Collectors.toMap(o -> o.decision().point().key(), Function.identity()));
    }

    @Test
    void expiryLeavesALockedRecoveryPointWholeAndExpiresItOnceTheLockHasPassed() {
        RecoveryPoint early = backUpAt("2030-03-10T01:00:00Z");   // locked until 03-13T01:00
        RecoveryPoint newest = backUpAt("2030-03-10T02:00:00Z");  // the day's daily: kept

        ArchiveReport locked = passAt("2030-03-10T12:00:00Z");

        ArchiveReport.Outcome left = byKey(locked).get(early.key());
        assertEquals(ArchiveReport.Status.LEFT, left.status(), locked.outcomes().toString());
        assertTrue(left.detail().contains("is locked until 2030-03-13T01:00:00Z"), left.detail());
        // Left whole is not expired: counted apart with the date its lock ends, and none of its bytes reclaimed.
        assertEquals(Instant.parse("2030-03-13T01:00:00Z"), left.lockedUntil(), left.toString());
        assertEquals(0, locked.expired(), locked.totals());
        assertEquals("2 recovery point(s): 1 kept, 0 to a colder class, 0 expired, 1 kept because locked "
                + "(until 2030-03-13T01:00:00Z)", locked.totals());
        assertEquals(locked.bytesBefore(), locked.bytesAfter(), "no byte reclaimed");
        assertEquals(locked.monthlyCostBefore(), locked.monthlyCostAfter(), 1e-12);
        assertEquals(0.0, left.monthlySaving(), 1e-12);
        assertEquals(0, lock.refusedDeletes(), "no delete of a locked version was even tried");
        assertTrue(vault.s3().listObjectsV2(r -> r.bucket(vault.bucket()).prefix(early.key())).contents().stream()
                .anyMatch(o -> o.key().endsWith("recovery-point.json")), "left whole");

        ArchiveReport passed = passAt("2030-03-14T12:00:00Z");

        assertTrue(passed.ok(), passed.outcomes() + " " + passed.problems());
        assertEquals(ArchiveReport.Status.DONE, byKey(passed).get(early.key()).status(), passed.outcomes().toString());
        assertEquals(1, passed.expired(), passed.totals());
        assertTrue(passed.totals().endsWith(", 1 expired"), passed.totals());
        ListObjectVersionsResponse gone = vault.s3().listObjectVersions(r -> r.bucket(vault.bucket()).prefix(early.key()));
        assertEquals(List.of(), gone.versions(), "no version stays billed, the expiring marker's neither");
        assertEquals(List.of(), gone.deleteMarkers());
        assertEquals(0, lock.refusedDeletes());
        assertEquals(0, lock.bypassRequests(), "never a governance bypass");
        assertTrue(byKey(passed).containsKey(newest.key()));
    }

    @Test
    void aTierCopyIsLockedAnewFromTheTimeOfTheCopy() {
        RecoveryPoint monthly = backUpAt("2030-02-28T02:00:00Z");
        backUpAt("2030-03-01T02:00:00Z");

        ArchiveReport report = passAt("2030-03-02T12:00:00Z");

        assertTrue(report.ok(), report.outcomes() + " " + report.problems());
        String data = monthly.files().get(0).key();
        var head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(data));
        assertEquals("GLACIER_IR", head.storageClassAsString());
        assertEquals(ObjectLockMode.GOVERNANCE, head.objectLockMode());
        assertEquals(Instant.parse("2030-03-02T12:00:00Z").plus(Duration.ofDays(3)), head.objectLockRetainUntilDate());
        assertEquals("AES256", head.serverSideEncryptionAsString());
    }

    private VaultCopies copies() {
        return new VaultCopies(ArchivePolicies.from(settings.properties(), plans), vault, region -> clients.s3(), true,
                () -> false);
    }

    @Test
    void aSecondVaultIsCreatedWithObjectLockAndItsCopiesAreLockedAsTheVaultsAre() {
        RecoveryPoint point = backUpAt("2030-03-10T03:00:00Z", "copied");
        clock.set(Instant.parse("2030-03-10T03:05:00Z"));

        copies().copyCommitted(point);

        var objects = vault.s3().listObjectsV2(r -> r.bucket(secondBucket).prefix(point.key())).contents();
        assertTrue(objects.stream().anyMatch(o -> o.key().endsWith("recovery-point.json")), objects.toString());
        for (var object : objects) {
            var head = vault.s3().headObject(r -> r.bucket(secondBucket).key(object.key()));
            assertEquals(ObjectLockMode.GOVERNANCE, head.objectLockMode(), object.key());
            assertEquals(Instant.parse("2030-03-13T03:05:00Z"), head.objectLockRetainUntilDate(), object.key());
        }
    }

    @Test
    void lockDaysWithASecondBucketWithoutObjectLockFailsTheCopyNamingBoth() {
        plain.s3().createBucket(r -> r.bucket(secondBucket));
        RecoveryPoint point = backUpAt("2030-03-10T03:00:00Z", "copied");

        VaultException error = assertThrows(VaultException.class, () -> copies().copyCommitted(point));

        assertTrue(error.getMessage().contains("strata.vault.lock-days=3 is set, but vault bucket '" + secondBucket
                + "' has no S3 Object Lock"), error.getMessage());
        assertTrue(vault.s3().listObjectsV2(r -> r.bucket(secondBucket)).contents().isEmpty(), "nothing copied unlocked");
    }

    @Test
    void aVaultLockedByItsBucketDefaultRefusesASecondBucketWithoutObjectLockNamingBoth() {
        // No lock-days: the vault's protection is its bucket's default retention; the copy must not lose it.
        String primary = TestAws.unique("default-locked");
        String second = TestAws.unique("unlocked-dr");
        plain.s3().createBucket(r -> r.bucket(primary).objectLockEnabledForBucket(true));
        plain.s3().putBucketVersioning(r -> r.bucket(primary).versioningConfiguration(v -> v.status("Enabled")));
        plain.s3().putObjectLockConfiguration(r -> r.bucket(primary).objectLockConfiguration(c -> c
                .objectLockEnabled("Enabled").rule(rule -> rule.defaultRetention(d -> d
                        .mode(software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode.COMPLIANCE).days(30)))));
        plain.s3().createBucket(r -> r.bucket(second));
        StrataSettings byDefault = TestAws.settings(primary, "strata.dynamodb.segments", "1",
                "strata.plan.copied.cron", "0 0 3 * * ?", "strata.plan.copied.resources", "dynamodb:" + table,
                "strata.plan.copied.copy-to-vault", second);
        Vault locked = Vault.from(clients.s3(), byDefault, clock);
        locked.checkBucket(false);
        ServiceRegistry lockedServices = Services.registry(clients, locked, byDefault, clock, new StopSignal());
        clock.set(Instant.parse("2030-03-10T03:00:00Z"));
        RecoveryPoint point = lockedServices.get("dynamodb").backup(table, "copied");
        PlanCatalog lockedPlans = PlanCatalog.from(byDefault.properties(), Services.selectors()::parse);
        VaultCopies copies = new VaultCopies(ArchivePolicies.from(byDefault.properties(), lockedPlans), locked,
                region -> clients.s3(), false, () -> false);

        VaultException error = assertThrows(VaultException.class, () -> copies.copyCommitted(point));

        assertTrue(error.getMessage().contains("'" + second + "'") && error.getMessage().contains("'" + primary + "'")
                && error.getMessage().contains("Object Lock"), error.getMessage());
        assertTrue(vault.s3().listObjectsV2(r -> r.bucket(second)).contents().isEmpty(), "nothing copied unlocked");
    }

    @Test
    void inABucketThatLocksEveryVersionByDefaultAnExpiryOnceTheLocksPassedFinishesAndIsNotReportedFailed() {
        // No lock-days: the bucket's default retention (1 day) locks every version S3 stores, the expiry's
        // own expiring.json marker included, which is written the moment the expiry starts.
        String bucket = TestAws.unique("default-retention");
        plain.s3().createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
        plain.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        plain.s3().putObjectLockConfiguration(r -> r.bucket(bucket).objectLockConfiguration(c -> c
                .objectLockEnabled("Enabled").rule(rule -> rule.defaultRetention(d -> d
                        .mode(software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode.GOVERNANCE).days(1)))));
        StrataSettings byDefault = TestAws.settings(bucket, "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=1");
        AwsClients asS3 = TestAws.clients(byDefault, lock, new io.strata.support.HiddenDeleteMarkers(plain.s3()));
        Vault locked = Vault.from(asS3.s3(), byDefault, clock);
        locked.checkBucket(false);
        ServiceRegistry lockedServices = Services.registry(asS3, locked, byDefault, clock, new StopSignal());
        clock.set(Instant.parse("2030-03-10T01:00:00Z"));
        RecoveryPoint old = lockedServices.get("dynamodb").backup(table, "nightly");
        clock.set(Instant.parse("2030-03-11T01:00:00Z"));
        lockedServices.get("dynamodb").backup(table, "nightly");
        clock.set(Instant.parse("2030-03-14T12:00:00Z")); // every lock of the old one has passed
        PlanCatalog lockedPlans = PlanCatalog.from(byDefault.properties(), Services.selectors()::parse);
        Archivist archivist = new Archivist(lockedPlans, ArchivePolicies.from(byDefault.properties(), lockedPlans),
                lockedServices, locked, clock, new StopSignal());

        ArchiveReport report = archivist.run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

        assertTrue(report.ok(), report.outcomes() + " " + report.problems());
        assertEquals(0, lock.refusedDeletes(), "no delete of a locked version was tried");
        var left = asS3.s3().listObjectsV2(r -> r.bucket(bucket).prefix(old.key())).contents();
        assertEquals(List.of(), left, "nothing of the expired recovery point is visible, its marker neither");
        ArchiveReport next = archivist.run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
        assertTrue(next.ok(), "the next pass has nothing half-done to report: " + next.problems());
        asS3.close();
    }
}
