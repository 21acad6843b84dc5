package io.strata.vault.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.vault.error.VaultException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** What the lock settings become against each kind of bucket configuration, and what each write then carries. */
class ObjectLockPolicyTest {

    private static final Instant NOW = Instant.parse("2027-02-27T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Optional<ObjectLockConfiguration> locked() {
        return Optional.of(ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED).build());
    }

    private static Optional<ObjectLockConfiguration> lockedByDefault(ObjectLockRetentionMode mode, Integer days, Integer years) {
        return Optional.of(ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days).years(years))).build());
    }

    @Test
    void lockDaysOnALockedBucketStampEveryKindOfWriteWithModeAndNowPlusDays() {
        ObjectLock lock = ObjectLockPolicy.of("COMPLIANCE", 30).resolve("b", locked(), CLOCK);

        Instant until = Instant.parse("2027-03-29T10:00:00Z");
        PutObjectRequest put = lock.apply(PutObjectRequest.builder()).build();
        CreateMultipartUploadRequest upload = lock.apply(CreateMultipartUploadRequest.builder()).build();
        CopyObjectRequest copy = lock.apply(CopyObjectRequest.builder()).build();
        assertEquals(ObjectLockMode.COMPLIANCE, put.objectLockMode());
        assertEquals(until, put.objectLockRetainUntilDate());
        assertEquals(ObjectLockMode.COMPLIANCE, upload.objectLockMode());
        assertEquals(until, upload.objectLockRetainUntilDate());
        assertEquals(ObjectLockMode.COMPLIANCE, copy.objectLockMode());
        assertEquals(until, copy.objectLockRetainUntilDate());
        assertFalse(lock.bucketDefault());
    }

    @Test
    void theModeDefaultsToGovernance() {
        assertEquals(ObjectLockMode.GOVERNANCE, ObjectLockPolicy.of("", 7).resolve("b", locked(), CLOCK).mode());
    }

    @Test
    void withoutLockDaysTheBucketsDefaultRetentionIsStatedOnEachWriteInCalendarYears() {
        ObjectLock lock = ObjectLockPolicy.BUCKET.resolve("b", lockedByDefault(ObjectLockRetentionMode.COMPLIANCE, null, 1),
                CLOCK);

        PutObjectRequest put = lock.apply(PutObjectRequest.builder()).build();
        assertEquals(ObjectLockMode.COMPLIANCE, put.objectLockMode());
        assertEquals(Instant.parse("2028-02-27T10:00:00Z"), put.objectLockRetainUntilDate(), "2028 is a leap year: 366 days");
        assertTrue(lock.bucketDefault());
    }

    @Test
    void aBucketWithoutObjectLockGetsNoLockHeaders() {
        ObjectLock lock = ObjectLockPolicy.BUCKET.resolve("b", Optional.empty(), CLOCK);

        PutObjectRequest put = lock.apply(PutObjectRequest.builder()).build();
        assertFalse(lock.enabled());
        assertNull(put.objectLockMode());
        assertNull(put.objectLockRetainUntilDate());
    }

    @Test
    void lockSettingsOnABucketWithoutObjectLockAreRefusedNamingTheKey() {
        VaultException days = assertThrows(VaultException.class,
                () -> ObjectLockPolicy.of("", 30).resolve("vault-b", Optional.empty(), CLOCK));
        VaultException mode = assertThrows(VaultException.class,
                () -> ObjectLockPolicy.of("COMPLIANCE", 0).resolve("vault-b", Optional.empty(), CLOCK));

        assertTrue(days.getMessage().startsWith("strata.vault.lock-days=30 is set, but vault bucket 'vault-b' has no S3 "
                + "Object Lock: it would protect nothing"), days.getMessage());
        assertTrue(mode.getMessage().startsWith("strata.vault.lock-mode=COMPLIANCE is set"), mode.getMessage());
    }

    @Test
    void aLockedBucketWithoutDefaultRetentionNeedsLockDays() {
        VaultException error = assertThrows(VaultException.class,
                () -> ObjectLockPolicy.BUCKET.resolve("vault-b", locked(), CLOCK));

        assertTrue(error.getMessage().contains("'vault-b' has S3 Object Lock but no default retention: set "
                + "strata.vault.lock-days"), error.getMessage());
    }

    @Test
    void settingsNeverWeakenTheBucketsDefaultRetention() {
        var compliance90 = lockedByDefault(ObjectLockRetentionMode.COMPLIANCE, 90, null);

        VaultException shorter = assertThrows(VaultException.class,
                () -> ObjectLockPolicy.of("", 30).resolve("vault-b", compliance90, CLOCK));
        VaultException weaker = assertThrows(VaultException.class,
                () -> ObjectLockPolicy.of("GOVERNANCE", 120).resolve("vault-b", compliance90, CLOCK));
        ObjectLock longer = ObjectLockPolicy.of("", 120).resolve("vault-b", compliance90, CLOCK);

        assertTrue(shorter.getMessage().startsWith("strata.vault.lock-days=30 is shorter than vault bucket 'vault-b''s "
                + "default retention (90 days)"), shorter.getMessage());
        assertTrue(weaker.getMessage().startsWith("strata.vault.lock-mode=GOVERNANCE is weaker"), weaker.getMessage());
        assertEquals(ObjectLockMode.COMPLIANCE, longer.mode(), "the mode follows the bucket's default when unset");
        assertEquals(NOW.plus(java.time.Duration.ofDays(120)), longer.retainUntil());
    }
}
