package io.strata.vault.attempt;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the vault says of the attempt a snapshot or an image names by its {@code
 * strata:recovery-point} tag, so that a service can tell the leftovers of a dead or failed attempt
 * from a recovery point's own. An attempt writes its lease before it makes anything outside the
 * vault and keeps it until it has committed or cleaned up, so a folder with neither a descriptor,
 * nor an expiry marker, nor any sign of life for {@link AttemptTiming#staleAfter()} belongs to an
 * attempt that will never commit.
 */
public final class AttemptStatus {

    public enum State {
        /** {@code recovery-point.json} is there: what the tag names belongs to a recovery point. */
        COMMITTED,
        /** The archive is expiring it: its expiry, not a sweep, deletes what it names. */
        EXPIRING,
        /** A lease (or another object) written within {@code staleAfter}: a running attempt. */
        RUNNING,
        /** No descriptor, no marker, no sign of life for {@code staleAfter}: a dead or failed attempt. */
        ABANDONED
    }

    private final Vault vault;
    private final AttemptTiming timing;
    private final Clock clock;

    public AttemptStatus(Vault vault, AttemptTiming timing, Clock clock) {
        this.vault = vault;
        this.timing = timing;
        this.clock = clock;
    }

    /**
     * The recovery point folder a tag value names, only if it names exactly one folder of this
     * vault's prefix and of {@code service} (tags are anyone's to write: anything else is not
     * Strata's to judge, and is left alone).
     */
    public Optional<RecoveryPointKey> folder(String tagValue, String service) {
        if (tagValue == null) {
            return Optional.empty();
        }
        try {
            RecoveryPointKey key = RecoveryPointKey.parse(tagValue);
            boolean exact = key.prefix().equals(tagValue) && key.vaultPrefix().equals(vault.prefix())
                    && key.service().equals(service);
            return exact ? Optional.of(key) : Optional.empty();
        } catch (RuntimeException notAFolder) {
            return Optional.empty();
        }
    }

    /** The state of the attempt whose folder is {@code key}, from one listing of that folder. */
    public State of(RecoveryPointKey key) {
        String folder = key.prefix();
        Instant lastSign = null;
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(folder)).contents()) {
            if (object.key().equals(key.descriptorKey())) {
                return State.COMMITTED;
            }
            if (object.key().equals(key.expiringKey())) {
                return State.EXPIRING;
            }
            lastSign = lastSign == null ? object.lastModified() : Vault.later(lastSign, object.lastModified());
        }
        return lastSign != null && lastSign.isAfter(clock.instant().minus(timing.staleAfter())) ? State.RUNNING
                : State.ABANDONED;
    }
}
