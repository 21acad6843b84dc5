package io.strata.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The sign of life of an uncommitted backup attempt: {@code in-progress.json} in its folder,
 * rewritten every {@link AttemptTiming#renewEvery()} while the attempt runs and deleted when it
 * ends. {@link AttemptSweeper} never touches a folder whose lease is fresh, however long the
 * attempt has been running.
 *
 * <p>The lease is never locked, in a locked bucket too: it is no backup data, it is rewritten every
 * minute and it must go when the attempt ends; locked, every export would leave one version per
 * minute that nobody may delete for {@code strata.vault.lock-days}. On a versioned bucket a plain
 * DELETE only adds a delete marker, so each renewal removes the version it replaced and
 * {@link #close()} removes the last one: no version is left behind. A bucket with a default
 * retention rule locks every version by itself; there the versions are left to expire and the
 * lease is removed with a delete marker.
 */
public final class AttemptLease implements AutoCloseable {

    public static final String NAME = "in-progress.json";
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLease.class);

    private final Vault vault;
    private final String key;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService timer;
    private volatile Instant renewedAt;
    /** The version the last renewal wrote, on a versioned bucket. */
    private volatile String versionId;
    /** False once S3 refused to delete a version (no s3:DeleteObjectVersion): delete markers from then on. */
    private volatile boolean deleteVersions = true;
    /** The longest time between two successful renewals so far. */
    private volatile Duration longestSilence = Duration.ZERO;

    private AttemptLease(Vault vault, String key, Clock clock) {
        this.vault = vault;
        this.key = key;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-" + key.substring(Math.max(0, key.length() - 60)));
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes the lease under {@code pointPrefix} (failing if S3 refuses) and keeps renewing it. */
    public static AttemptLease take(Vault vault, String pointPrefix, AttemptTiming timing, Clock clock) {
        AttemptLease lease = new AttemptLease(vault, pointPrefix + NAME, clock);
        lease.renew();
        long every = timing.renewEvery().toMillis();
        lease.timer.scheduleWithFixedDelay(lease::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    /**
     * Fails if the lease ever went unrenewed for more than half of {@code staleAfter}, now included.
     * A sweep removes only folders silent for a whole {@code staleAfter}, so an attempt that passes
     * this check was never swept, and one that fails it may have lost files: it must not commit.
     */
    public void checkHeld(Duration staleAfter) {
        Duration silent = Duration.between(renewedAt, clock.instant());
        Duration longest = silent.compareTo(longestSilence) > 0 ? silent : longestSilence;
        if (longest.compareTo(staleAfter.dividedBy(2)) > 0) {
            throw new VaultException("The lease s3://" + vault.bucket() + "/" + key + " went unrenewed for "
                    + longest.toMillis() / 1000.0 + "s: another run may have removed this attempt's files as "
                    + "abandoned; not committing");
        }
    }

    private void renew() {
        Instant now = clock.instant();
        String written = version(vault.putJsonUnlocked(key, Map.of("startedAt", startedAt.toString(),
                "renewedAt", now.toString(), "pid", ProcessHandle.current().pid())).versionId());
        String replaced = versionId;
        versionId = written;
        if (replaced != null && !replaced.equals(written)) {
            deleteVersionQuietly(replaced);
        }
        if (renewedAt != null) {
            Duration silence = Duration.between(renewedAt, now);
            if (silence.compareTo(longestSilence) > 0) {
                longestSilence = silence;
            }
        }
        renewedAt = now;
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the lease s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }

    /** Stops renewing and deletes the lease; a lease left behind only delays the sweep of its folder. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (versionId == null || !deletesVersions() || !deleteVersion(versionId)) {
                vault.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the lease s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }

    /** Not where the bucket's default retention locks every version: S3 would refuse, and Strata does not ask. */
    private boolean deletesVersions() {
        return deleteVersions && !vault.objectLock().bucketDefault();
    }

    private void deleteVersionQuietly(String replaced) {
        if (!deletesVersions()) {
            return;
        }
        try {
            deleteVersion(replaced);
        } catch (RuntimeException e) {
            LOG.debug("Could not delete the replaced lease version s3://{}/{}?versionId={}: {}", vault.bucket(), key,
                    replaced, e.getMessage());
        }
    }

    /** False when S3 refuses (403): the caller falls back to a delete marker, and no version delete is tried again. */
    private boolean deleteVersion(String version) {
        try {
            vault.deleteVersion(key, version);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            deleteVersions = false;
            LOG.warn("S3 refused to delete a version of the lease s3://{}/{} ({}): the lease's versions stay until a "
                    + "lifecycle rule expires them; grant s3:DeleteObjectVersion to remove them", vault.bucket(), key,
                    S3Errors.describe(e));
            return false;
        }
    }

    /** A real version id; an unversioned bucket gives none (or "null" once versioning was suspended). */
    private static String version(String id) {
        return id == null || id.equals("null") ? null : id;
    }
}
