package io.strata.vault;

import io.strata.vault.lock.ObjectLock;
import io.strata.vault.lock.ObjectLockPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;

/**
 * The vault bucket's S3 Object Lock: the lock every write carries (resolved once against the
 * bucket), whether the bucket has Object Lock right now, and until when an object is held.
 */
public final class VaultLocks {

    private static final Logger LOG = LoggerFactory.getLogger(VaultLocks.class);

    private final Vault vault;
    private final ObjectLockPolicy policy;
    private final Clock clock;
    /** Resolved once against the bucket (at {@link Vault#checkBucket}, else at the first write). */
    private volatile ObjectLock lock;

    VaultLocks(Vault vault, ObjectLockPolicy policy, Clock clock) {
        this.vault = vault;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The Object Lock every write carries, read from the bucket once (GetObjectLockConfiguration).
     * Fails, naming the setting, when the settings and the bucket disagree.
     */
    public ObjectLock objectLock() {
        ObjectLock resolved = lock;
        if (resolved == null) {
            synchronized (this) {
                if (lock == null) {
                    lock = policy.resolve(vault.s3(), vault.bucket(), clock);
                    if (lock.enabled()) {
                        LOG.info("Vault bucket {} has S3 Object Lock: every object Strata writes is locked {}",
                                vault.bucket(), lock.describe());
                    }
                }
                resolved = lock;
            }
        }
        return resolved;
    }

    /**
     * Whether the bucket has Object Lock now (read afresh: it can be enabled on a bucket in use), so
     * that a pass over a bucket without it skips the lock check of every object; true when it cannot
     * be read, so that every object is then checked.
     */
    public boolean enabledNow() {
        try {
            return ObjectLockPolicy.configuration(vault.s3(), vault.bucket())
                    .map(c -> c.objectLockEnabled() == ObjectLockEnabled.ENABLED).orElse(false);
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    /** Until when {@code key}'s current version is locked; {@link #lockedUntil(String, String)}. */
    public Optional<Instant> lockedUntil(String key) {
        return lockedUntil(key, null);
    }

    /**
     * Until when a version of {@code key} ({@code null}: the current one) cannot be deleted: its
     * retain-until date while it is in the future, {@link Instant#MAX} under a legal hold, empty
     * when nothing holds it (or it does not exist). S3 shows the lock in HEAD only to a caller
     * with s3:GetObjectRetention and s3:GetObjectLegalHold.
     */
    public Optional<Instant> lockedUntil(String key, String versionId) {
        Optional<HeadObjectResponse> found = vault.head(key, versionId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        HeadObjectResponse head = found.get();
        if (head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON) {
            return Optional.of(Instant.MAX);
        }
        Instant until = head.objectLockRetainUntilDate();
        return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
    }
}
