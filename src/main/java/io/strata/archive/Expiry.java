package io.strata.archive;

import io.strata.service.ServiceRegistry;
import io.strata.vault.DescriptorReader;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import io.strata.archive.ExpirySteps.Job;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires one recovery point, in an order that never lets a half-deleted one look valid: first a
 * copy of the descriptor as {@code expiring.json} (it names the snapshots to delete), then the
 * descriptor, then the service's snapshots and images, then the other objects, the marker last.
 * A run killed in between leaves the marker, and the next run finishes from it. An object under
 * Object Lock is never deleted (no governance bypass): the recovery point is reported and left whole.
 * On a versioned bucket every version Strata wrote goes, not just the current one.
 */
public final class Expiry {

    private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);

    private final ServiceRegistry services;
    private final Clock clock;
    private final boolean serviceResources;

    public Expiry(ServiceRegistry services, Clock clock) {
        this(services, clock, true);
    }

    private Expiry(ServiceRegistry services, Clock clock, boolean serviceResources) {
        this.services = services;
        this.clock = clock;
        this.serviceResources = serviceResources;
    }

    /**
     * Expiry in a second vault: the copy's objects only. The snapshots, images and on-demand backups its
     * descriptor names belong to the primary's recovery point, which its own expiry deletes.
     */
    public Expiry objectsOnly() {
        return new Expiry(services, clock, false);
    }

    /** One recovery point to expire, with its folder's objects as the pass's listing found them. */
    public record Expiring(RecoveryPoint point, List<StoredObject> objects) {
    }

    /** What became of one: expired, left whole under a lock ({@code lock}), or failed ({@code failure}, key by key). */
    public record Result(Optional<ObjectLockHold> lock, String failure) {

        static final Result EXPIRED = new Result(Optional.empty(), null);

        static Result failed(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    /** Expires the recovery point; empty when done, else why it was left whole (a lock). */
    public Optional<ObjectLockHold> expire(Vault vault, RecoveryPoint point, List<StoredObject> objects, boolean versioned) {
        return expire(vault, point, objects, versioned, true);
    }

    /**
     * The same for one recovery point; fails with the keys S3 refused to delete.
     *
     * @param lockable whether the bucket has Object Lock, read at the start of the pass: without it no
     *                 object can be locked or held, and the HEAD per object is saved
     */
    public Optional<ObjectLockHold> expire(Vault vault, RecoveryPoint point, List<StoredObject> objects, boolean versioned,
                                           boolean lockable) {
        Result result = expire(vault, List.of(new Expiring(point, objects)), versioned, lockable).get(0);
        if (result.failure() != null) {
            throw new VaultException(result.failure());
        }
        return result.lock();
    }

    /**
     * Expires many recovery points together, each in the order above, but every step for all of them
     * at once: the markers, then one DeleteObjects per 1,000 descriptors, the snapshots, the data, the
     * markers. Every key's result is checked: a recovery point of which S3 refused a key (Object Lock,
     * permissions) fails, naming each refused key, and goes no further (its marker stays for the next pass
     * once its descriptor is gone); the others go on. One result per recovery point, in order.
     */
    public List<Result> expire(Vault vault, List<Expiring> expiring, boolean versioned, boolean lockable) {
        Result[] results = new Result[expiring.size()];
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < expiring.size(); i++) {
            RecoveryPoint point = expiring.get(i).point();
            List<StoredObject> objects = expiring.get(i).objects();
            try {
                Optional<ObjectLockHold> lock = lockable ? lastLock(vault, objects) : Optional.empty();
                if (lock.isPresent()) {
                    results[i] = new Result(lock, null);
                    continue;
                }
                RecoveryPointKey key = RecoveryPointKey.parse(point.key());
                // Only a point read from its own folder is expired, and only that folder's objects go with it.
                DescriptorReader.requireOwnFolder(vault, key, key.descriptorKey());
                objects.stream().filter(object -> !object.key().startsWith(key.prefix())).findFirst().ifPresent(object -> {
                    throw new IllegalStateException("s3://" + vault.bucket() + "/" + object.key() + " is not in the folder "
                            + "of " + point.key() + ": nothing expired");
                });
                vault.putControl(key.expiringKey(), point); // never locked: it is deleted last
                jobs.add(new Job(i, key, point, objects));
            } catch (RuntimeException e) {
                results[i] = Result.failed(e.getMessage());
            }
        }
        ExpirySteps steps = new ExpirySteps(vault, versioned, results);
        steps.listVersions(jobs);
        steps.delete(jobs, job -> List.of(job.key().descriptorKey()), "not expired, its descriptor is still there: ");
        finish(steps, jobs);
        for (Job job : jobs) {
            results[job.index()] = Result.EXPIRED;
        }
        return List.of(results);
    }

    /** Finishes an expiry a killed run left: the marker names what remains. */
    public void resume(Vault vault, String folder, List<StoredObject> objects, boolean versioned) {
        RecoveryPointKey key = RecoveryPointKey.parse(folder);
        // The marker decides which snapshots go (by their recovery-point tag): the one reader refuses a
        // marker of a nested folder, one naming another folder (copied or planted), and, with a signing
        // key, one without Strata's MAC, before it can name anything to delete. Left for a person to look at.
        RecoveryPoint point = new DescriptorReader(vault).marker(key);
        LOG.info("Finishing the expiry of {} that an earlier run left half-done", folder);
        Result[] results = new Result[1];
        ExpirySteps steps = new ExpirySteps(vault, versioned, results);
        List<Job> jobs = new ArrayList<>(List.of(new Job(0, key, point, objects)));
        steps.listVersions(jobs);
        finish(steps, jobs);
        if (results[0] != null) {
            throw new VaultException(results[0].failure());
        }
    }

    /** After the descriptors: the service's snapshots, the folders' other objects, the markers last. */
    private void finish(ExpirySteps steps, List<Job> jobs) {
        if (serviceResources) {
            steps.each(jobs, job -> services.of(job.point()).expire(job.point()), "not expired, its snapshots stay "
                    + "(its expiring.json is left for the next pass): ");
        }
        steps.delete(jobs, job -> job.objects().stream().map(StoredObject::key)
                .filter(k -> !k.equals(job.key().expiringKey()) && !k.equals(job.key().descriptorKey())).toList(),
                "half expired, its expiring.json is left for the next pass: ");
        steps.deleteMarkers(jobs, "expired, but its expiring.json stays: ");
    }

    /**
     * What would leave the recovery point whole, asked before anything is deleted ({@code strata forget} refuses
     * and says until when): the lock that ends last, empty when none.
     */
    public Optional<ObjectLockHold> lockOf(Vault vault, List<StoredObject> objects) {
        return vault.locks().enabledNow() ? lastLock(vault, objects) : Optional.empty();
    }

    /**
     * The object whose retention or legal hold ends last: until then the recovery point cannot go whole.
     * Every object is looked at (one HEAD each, as for a recovery point without a lock), a legal hold ends the search.
     */
    private static Optional<ObjectLockHold> lastLock(Vault vault, List<StoredObject> objects) {
        ObjectLockHold last = null;
        for (StoredObject object : objects.stream().sorted(Comparator.comparing(StoredObject::key)).toList()) {
            Optional<Instant> until = vault.locks().lockedUntil(object.key());
            if (until.isPresent()) {
                last = new ObjectLockHold("s3://" + vault.bucket() + "/" + object.key(), until.get()).later(last);
                if (last.legalHold()) {
                    break;
                }
            }
        }
        return Optional.ofNullable(last);
    }
}
