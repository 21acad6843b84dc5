package io.strata.ec2;

import io.strata.service.Cleanup;
import io.strata.service.Failures;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * One recovery point of one instance, from its lease to its commit, or to the cleanup of what its
 * attempts made. The lease ({@code in-progress.json}) is written before the first snapshot and
 * renewed while Strata waits, so that a process killed mid-wait leaves an attempt that the next
 * backup of the instance (or the archive pass) recognises as dead once the lease lapses, and whose
 * snapshots, copies and AMIs it then deletes by their tags.
 */
final class Ec2Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2Attempts.class);

    private final Ec2Backup backup;
    private final Ec2Leftovers leftovers;
    private final Ec2AbandonedAttempts abandoned;
    private final Vault vault;
    private final Ec2Settings settings;
    private final String home;
    private final AttemptTiming timing;
    private final Clock clock;

    Ec2Attempts(Ec2Backup backup, Ec2Leftovers leftovers, Ec2AbandonedAttempts abandoned, Vault vault,
                Ec2Settings settings, String home, AttemptTiming timing, Clock clock) {
        this.backup = backup;
        this.leftovers = leftovers;
        this.abandoned = abandoned;
        this.vault = vault;
        this.settings = settings;
        this.home = home;
        this.timing = timing;
        this.clock = clock;
    }

    /**
     * Backs up the instance into a new recovery point: {@code first} is the instance as resolved, and
     * each retried attempt backs it up as {@code describe} then finds it (volumes attach and detach
     * between attempts), reusing what earlier attempts of the same key made. The same steps as
     * {@code backup-ec2}, with the route's loop written in Java.
     */
    RecoveryPoint backup(Instance first, Supplier<Instance> describe, String plan) {
        Ec2Attempt attempt = begin(first, plan);
        while (true) {
            try {
                snapshot(attempt, attempt.number() == 1 ? first : describe.get());
                copy(attempt);
                return commit(attempt);
            } catch (RuntimeException e) {
                retryOrCleanUp(attempt, e);
            }
        }
    }

    /** A new recovery point key and its lease, taken before anything is made; dead attempts of the instance swept. */
    Ec2Attempt begin(Instance first, String plan) {
        String instanceId = first.instanceId();
        RecoveryPointKey key = backup.newKey(instanceId);
        List<String> regions = regions(plan);
        AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock);
        try {
            sweep(instanceId, key, regions);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return new Ec2Attempt(key, plan, lease, regions, first);
    }

    void snapshot(Ec2Attempt attempt, Instance instance) {
        attempt.made(backup.snapshot(attempt.key(), instance, attempt.plan()));
    }

    void copy(Ec2Attempt attempt) {
        attempt.made(backup.copy(attempt.made()));
    }

    RecoveryPoint commit(Ec2Attempt attempt) {
        RecoveryPoint point = backup.commit(attempt.made(), attempt.lease());
        attempt.end();
        return point;
    }

    /**
     * After a failed attempt: the next one, unless that was the last or a stop was asked for; then what
     * the attempts made is cleaned up and the backup fails.
     */
    void retryOrCleanUp(Ec2Attempt attempt, RuntimeException e) {
        if (Failures.stopped(e) || attempt.number() >= settings.attempts()) {
            try {
                throw cleanUp(attempt.instanceId(), attempt.key(), attempt.regions(), e);
            } finally {
                attempt.end();
            }
        }
        LOG.warn("Attempt {} of {} for {} failed ({}): retrying, reusing what it made", attempt.number(),
                attempt.key().prefix(), attempt.instanceId(), Failures.reason(e));
        attempt.next();
    }

    /** The home region and the plan's copy regions: everywhere an attempt may have made something. */
    private List<String> regions(String plan) {
        List<String> regions = new ArrayList<>(List.of(home));
        settings.copyRegionsOf(plan).stream().filter(r -> !regions.contains(r)).forEach(regions::add);
        return regions;
    }

    /** Dead attempts of this instance: their vault folders and what they made outside the vault. */
    private void sweep(String instanceId, RecoveryPointKey own, List<String> regions) {
        String resourcePrefix = RecoveryPointKey.resourcePrefix(vault.prefix(), Ec2Service.NAME, home,
                "instance/" + instanceId);
        abandoned.sweepQuietly(regions, key -> key.prefix().startsWith(resourcePrefix), own.prefix());
        try {
            new AttemptSweeper(vault, timing, clock).sweep(resourcePrefix, own.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep abandoned attempts under s3://{}/{} ({}); the next backup tries again",
                    vault.bucket(), resourcePrefix, Failures.reason(e));
        }
    }

    /**
     * After the last attempt failed or a stop was asked for: deletes the snapshots, copies and AMIs
     * tagged with the key and the attempt's objects in the vault, and says what was left and who
     * deletes it later. Nothing is committed: no recovery point names what was made.
     */
    private IllegalStateException cleanUp(String instanceId, RecoveryPointKey key, List<String> regions,
                                          RuntimeException failure) {
        Cleanup cleanup = leftovers.delete(key.prefix(), regions);
        try {
            AttemptSweeper.discardUncommitted(vault, key.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove s3://{}/{} of a failed backup ({}); the next backup of {} removes it",
                    vault.bucket(), key.prefix(), Failures.reason(e), instanceId);
        }
        String what = Failures.stopped(failure) ? " stopped" : " failed";
        String later = cleanup.complete() ? "" : " (they will be deleted by the next backup of " + Ec2Service.NAME
                + ":instance/" + instanceId + " or the next archive pass, by their tag " + Tags.RECOVERY_POINT + "="
                + key.prefix() + ")";
        String message = "Backup of instance " + instanceId + what + ", nothing committed: " + Failures.reason(failure)
                + "; " + cleanup.summary() + later;
        LOG.warn("{}", message);
        return new IllegalStateException(message, failure);
    }
}
