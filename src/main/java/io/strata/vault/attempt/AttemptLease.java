package io.strata.vault.attempt;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.config.AwsErrors;
import io.strata.text.Json;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The sign of life of an uncommitted backup attempt: {@code in-progress.json} in its folder,
 * rewritten every {@link AttemptTiming#renewEvery()} while the attempt runs and deleted when it
 * ends. {@link AttemptSweeper} never touches a folder whose lease is fresh, however long the
 * attempt has been running.
 *
 * <p>The lease is never locked, in a locked bucket too: it is no backup data, it is rewritten every
 * minute and it must go when the attempt ends; locked, every export would leave one version per
 * minute that nobody may delete for {@code strata.vault.lock-days}. On a versioned bucket a plain
 * DELETE only adds a delete marker, so {@link #close()} removes every version of the lease's key
 * (unique to the attempt), also one stored by a renewal whose response was lost. A bucket with a
 * default retention rule locks every version by itself: there, and without s3:ListBucketVersions
 * or s3:DeleteObjectVersion, the versions are left to a lifecycle rule and the lease is removed
 * with a delete marker.
 */
public final class AttemptLease implements AutoCloseable {

    public static final String NAME = "in-progress.json";
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLease.class);

    private final Vault vault;
    private final String key;
    private final Clock clock;
    private final Instant startedAt;
    /** What the attempt says of itself for a later run that may resume it (a native export's token): signed with the lease. */
    private final Map<String, String> notes;
    private Renewal renewal;
    private volatile Instant renewedAt;
    /** A renewal got a version id back: the bucket keeps versions. */
    private volatile boolean versioned;
    /** The longest time between two successful renewals so far. */
    private volatile Duration longestSilence = Duration.ZERO;

    private AttemptLease(Vault vault, String key, Clock clock, Map<String, String> notes) {
        this.vault = vault;
        this.key = key;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.notes = Map.copyOf(notes);
    }

    /** Writes the lease under {@code pointPrefix} (failing if S3 refuses) and keeps renewing it. */
    public static AttemptLease take(Vault vault, String pointPrefix, AttemptTiming timing, Clock clock) {
        return take(vault, pointPrefix, timing, clock, Map.of());
    }

    /**
     * The same, the lease carrying {@code notes}: what a later run needs to resume this attempt rather
     * than start over (a server-side job already started on the attempt's behalf), read by {@link #notes}.
     * Taken on the folder of a dead attempt, it replaces that attempt's lease: the folder is this run's now.
     */
    public static AttemptLease take(Vault vault, String pointPrefix, AttemptTiming timing, Clock clock,
                                    Map<String, String> notes) {
        AttemptLease lease = new AttemptLease(vault, pointPrefix + NAME, clock, notes);
        try {
            lease.renew();
        } catch (SdkException e) {
            // The first write of every backup: say so, and that nothing exists yet, rather than S3's bare words.
            throw new VaultException("Could not write the attempt's lease s3://" + vault.bucket() + "/" + lease.key
                    + " (step: lease, the first object of a backup; nothing was written, nothing committed; "
                    + AwsErrors.summary(e) + ")", e);
        }
        lease.renewal = Renewal.every(timing.renewEvery(), "lease-", lease.key, lease::renewQuietly);
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
        String version = vault.putControl(key, Map.of("startedAt", startedAt.toString(),
                "renewedAt", now.toString(), "pid", ProcessHandle.current().pid(), "notes", notes)).versionId();
        versioned |= version != null && !version.equals("null");
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
            if (Renewal.clientClosed(e)) {
                LOG.debug("Renewal stopped, its client is closed: {}", e.getMessage());
                return;
            }
            LOG.warn("Could not renew the lease s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }

    /**
     * The notes of the lease under {@code pointPrefix}; empty when there is none or it cannot be read
     * (with a signing key: a lease whose MAC does not check is not believed).
     */
    public static Map<String, String> notes(Vault vault, String pointPrefix) {
        try {
            JsonNode notes = Json.MAPPER.readTree(vault.readSigned(pointPrefix + NAME)).path("notes");
            Map<String, String> read = new TreeMap<>();
            notes.fields().forEachRemaining(field -> read.put(field.getKey(), field.getValue().asText()));
            return read;
        } catch (IOException | RuntimeException unreadable) {
            return Map.of();
        }
    }

    /**
     * Stops renewing and leaves the lease where it is: the attempt is not over (a server-side job still
     * runs for it), so a run within {@link AttemptTiming#staleAfter()} may resume it; after that it is swept.
     */
    public void leave() {
        renewal.stop();
    }

    /** Stops renewing and deletes the lease; a lease left behind only delays the sweep of its folder. */
    @Override
    public void close() {
        renewal.stop();
        try {
            if (!versioned || vault.locks().objectLock().bucketDefault() || !ControlObjects.removeAllVersions(vault, key)) {
                vault.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the lease s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }
}
