package io.strata.vault.lock;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.support.EnforcedObjectLock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.error.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Object Lock against the bucket (S3Mock + {@link EnforcedObjectLock}): the lease, lockedUntil, settings that cannot hold. */
class ObjectLockIT {

    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(100), Duration.ofSeconds(2));

    private AwsClients plain;
    private EnforcedObjectLock lock;
    private AwsClients clients;

    @BeforeEach
    void start() {
        plain = TestAws.clients(TestAws.settings("unused"));
        lock = new EnforcedObjectLock(plain.s3());
    }

    @AfterEach
    void stop() {
        plain.close();
        if (clients != null) {
            clients.close();
        }
    }

    private Vault vault(String bucket, String... settings) {
        StrataSettings strata = TestAws.settings(bucket, settings);
        clients = TestAws.clients(strata, lock);
        return TestAws.vault(clients, strata);
    }

    /** Waits (bounded) until the lease has been rewritten {@code times} times, seen through its content. */
    private static void renewals(S3Client s3, String bucket, String key, int times) throws InterruptedException {
        Set<String> seen = new HashSet<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (seen.size() <= times && System.currentTimeMillis() < deadline) {
            try {
                seen.add(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
            } catch (RuntimeException e) {
                // between a write and a read
            }
            Thread.sleep(20);
        }
        assertTrue(seen.size() > times, "the lease was renewed only " + (seen.size() - 1) + " times in 30 s");
    }

    @Test
    void theLeaseIsNeverLockedAndLeavesNoVersionBehindThroughManyRenewals() throws Exception {
        Vault vault = vault(TestAws.unique("lease-lock"), "strata.vault.lock-days", "5");
        String folder = "strata/dynamodb/us-east-1/t/20270101T000000Z-abcd/";

        AttemptLease lease = AttemptLease.take(vault, folder, FAST, Clock.systemUTC());
        renewals(clients.s3(), vault.bucket(), folder + AttemptLease.NAME, 5);
        assertTrue(vault.locks().lockedUntil(folder + AttemptLease.NAME).isEmpty(), "the lease is not locked");
        lease.close();

        ListObjectVersionsResponse versions = clients.s3().listObjectVersions(r -> r.bucket(vault.bucket()).prefix(folder));
        assertTrue(versions.versions().isEmpty() && versions.deleteMarkers().isEmpty(), versions.toString());
        assertEquals(0, lock.refusedDeletes());
    }

    @Test
    void whereTheBucketLocksEveryVersionByDefaultTheLeaseNeverTriesToDeleteOne() throws Exception {
        String bucket = TestAws.unique("lease-default");
        plain.s3().createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
        plain.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        plain.s3().putObjectLockConfiguration(r -> r.bucket(bucket).objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(rule -> rule.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
        Vault vault = vault(bucket);
        String folder = "strata/dynamodb/us-east-1/t/20270101T000000Z-abcd/";

        AttemptLease lease = AttemptLease.take(vault, folder, FAST, Clock.systemUTC());
        renewals(clients.s3(), bucket, folder + AttemptLease.NAME, 3);
        assertTrue(vault.locks().lockedUntil(folder + AttemptLease.NAME).isPresent(), "the bucket's default retention locks it");
        lease.close();

        ListObjectVersionsResponse versions = clients.s3().listObjectVersions(r -> r.bucket(bucket).prefix(folder));
        assertEquals(0, lock.refusedDeletes(), "no delete of a locked version was even tried");
        assertTrue(versions.versions().size() >= 4, versions.toString());
        assertEquals(1, versions.deleteMarkers().size(), "the lease is removed by a delete marker: " + versions);
        assertTrue(vault.locks().objectLock().bucketDefault());
        assertEquals(ObjectLockRetentionMode.GOVERNANCE.toString(), vault.locks().objectLock().mode().toString());
    }

    @Test
    void aRenewalStoredWithItsResponseLostLeavesNoVersionBehindEither() throws Exception {
        String bucket = TestAws.unique("lease-lost-response");
        StrataSettings strata = TestAws.settings(bucket, "strata.vault.lock-days", "5");
        LoseSecondLeaseResponse lose = new LoseSecondLeaseResponse();
        clients = TestAws.clients(strata, lock, lose);
        Vault vault = TestAws.vault(clients, strata);
        String folder = "strata/dynamodb/us-east-1/t/20270101T000000Z-abcd/";

        AttemptLease lease = AttemptLease.take(vault, folder, FAST, Clock.systemUTC());
        renewals(clients.s3(), bucket, folder + AttemptLease.NAME, 4);
        lease.close();

        assertTrue(lose.lost.get() >= 1, "the second renewal's response was lost");
        ListObjectVersionsResponse versions = clients.s3().listObjectVersions(r -> r.bucket(bucket).prefix(folder));
        assertTrue(versions.versions().isEmpty() && versions.deleteMarkers().isEmpty(), versions.toString());
    }

    /** The second PUT of a lease is stored, but its response never arrives (a reset connection). */
    static final class LoseSecondLeaseResponse implements ExecutionInterceptor {
        final AtomicInteger puts = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith(AttemptLease.NAME)
                    && puts.incrementAndGet() == 2) {
                lost.incrementAndGet();
                throw SdkClientException.create("injected: connection reset before the response");
            }
        }
    }

    @Test
    void withoutPermissionToListVersionsTheLeaseStillGoesWithADeleteMarker() throws Exception {
        String bucket = TestAws.unique("lease-no-version-list");
        StrataSettings strata = TestAws.settings(bucket, "strata.vault.lock-days", "5");
        DenyVersionListing deny = new DenyVersionListing();
        clients = TestAws.clients(strata, lock, deny);
        Vault vault = TestAws.vault(clients, strata);
        String folder = "strata/dynamodb/us-east-1/t/20270101T000000Z-abcd/";

        AttemptLease lease = AttemptLease.take(vault, folder, FAST, Clock.systemUTC());
        renewals(clients.s3(), bucket, folder + AttemptLease.NAME, 2);
        lease.close();

        assertEquals(1, deny.refused.get());
        ListObjectVersionsResponse versions = plain.s3().listObjectVersions(r -> r.bucket(bucket).prefix(folder));
        assertTrue(versions.deleteMarkers().size() == 1 && versions.deleteMarkers().get(0).isLatest(), versions.toString());
    }

    /** An IAM policy without s3:ListBucketVersions, as AWS answers it. */
    static final class DenyVersionListing implements ExecutionInterceptor {
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ListObjectVersionsRequest) {
                refused.incrementAndGet();
                throw io.strata.support.S3Errors.of(403, "AccessDenied", "Access Denied");
            }
        }
    }

    @Test
    void aFailedBackupIntoALockedVaultHidesItsFilesButNeverTriesToDeleteALockedVersion() throws Exception {
        String bucket = TestAws.unique("locked-failure");
        StrataSettings strata = TestAws.settings(bucket, "strata.vault.lock-days", "2");
        clients = TestAws.clients(strata, lock, new FailManifest());
        Vault vault = TestAws.vault(clients, strata);
        String table = TestAws.unique("locked-failure");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));

        assertThrows(RuntimeException.class, () -> new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(strata.properties()),
                Clock.systemUTC(), "us-east-1").export(table, null));

        ListObjectVersionsResponse versions = clients.s3().listObjectVersions(r -> r.bucket(bucket));
        var data = versions.versions().stream().filter(v -> v.key().contains("/data/")).toList();
        assertTrue(!data.isEmpty(), versions.toString());
        for (var version : data) {
            assertTrue(vault.locks().lockedUntil(version.key(), version.versionId()).isPresent(), version.key() + " is still locked");
            assertTrue(versions.deleteMarkers().stream().anyMatch(m -> m.key().equals(version.key()) && m.isLatest()),
                    version.key() + " is hidden by a delete marker");
        }
        assertTrue(versions.versions().stream().noneMatch(v -> v.key().endsWith(AttemptLease.NAME)), versions.toString());
        assertEquals(0, lock.refusedDeletes(), "no delete of a locked version was tried");
        assertEquals(0, lock.bypassRequests());
    }

    /** S3 unreachable while the manifest is written: the export fails and cleans up. */
    static final class FailManifest implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith("manifest-files.json")) {
                throw SdkClientException.create("injected: S3 unreachable while writing the manifest");
            }
        }
    }

    @Test
    void lockedUntilSaysUntilWhenAVersionCannotBeDeleted() {
        Vault vault = vault(TestAws.unique("locked-until"), "strata.vault.lock-days", "2");
        vault.putBytes("held", new byte[] {1}, "application/octet-stream");
        vault.putBytes("retained", new byte[] {2}, "application/octet-stream");
        clients.s3().putObjectLegalHold(r -> r.bucket(vault.bucket()).key("held").legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        Vault tenDaysLater = new Vault(clients.s3(), vault.bucket(), "", vault.encryption(), vault.lockPolicy(), 5,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(10)));

        Instant retained = vault.locks().lockedUntil("retained").orElseThrow();

        assertEquals(Instant.MAX, vault.locks().lockedUntil("held").orElseThrow(), "a legal hold locks until it is lifted");
        assertTrue(Duration.between(Instant.now(), retained).compareTo(Duration.ofDays(2).minusMinutes(1)) > 0, retained.toString());
        assertTrue(tenDaysLater.locks().lockedUntil("retained").isEmpty(), "a retention that has passed locks nothing");
        assertEquals(Instant.MAX, tenDaysLater.locks().lockedUntil("held").orElseThrow());
        assertTrue(vault.locks().lockedUntil("never-written").isEmpty());
    }

    @Test
    void lockSettingsTheBucketCannotHonourStopTheVaultFromOpening() {
        String unlocked = TestAws.unique("unlocked");
        plain.s3().createBucket(r -> r.bucket(unlocked));
        String bare = TestAws.unique("lock-no-retention");
        plain.s3().createBucket(r -> r.bucket(bare).objectLockEnabledForBucket(true));

        VaultException days = assertThrows(VaultException.class, () -> vault(unlocked, "strata.vault.lock-days", "30"));
        VaultException noRetention = assertThrows(VaultException.class, () -> vault(bare));

        assertTrue(days.getMessage().startsWith("strata.vault.lock-days=30 is set, but vault bucket '" + unlocked
                + "' has no S3 Object Lock: it would protect nothing"), days.getMessage());
        assertTrue(noRetention.getMessage().contains("has S3 Object Lock but no default retention: set strata.vault.lock-days"),
                noRetention.getMessage());
    }
}
