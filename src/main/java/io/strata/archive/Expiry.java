package io.strata.archive;

import io.strata.service.ServiceRegistry;
import io.strata.vault.DescriptorReader;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

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
     * Expiry in a second vault: the copy's objects only. The snapshots and images its descriptor names
     * belong to the primary's recovery point, which its own expiry deletes.
     */
    public Expiry objectsOnly() {
        return new Expiry(services, clock, false);
    }

    /** Expires the recovery point; empty when done, else why it was left whole (a lock). */
    public Optional<ObjectLockHold> expire(Vault vault, RecoveryPoint point, List<StoredObject> objects, boolean versioned) {
        return expire(vault, point, objects, versioned, true);
    }

    /**
     * @param lockable whether the bucket has Object Lock, read at the start of the pass: without it no
     *                 object can be locked or held, and the HEAD per object is saved
     */
    public Optional<ObjectLockHold> expire(Vault vault, RecoveryPoint point, List<StoredObject> objects, boolean versioned,
                                           boolean lockable) {
        Optional<ObjectLockHold> lock = lockable ? lastLock(vault, objects) : Optional.empty();
        if (lock.isPresent()) {
            return lock;
        }
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        // Only a point read from its own folder is expired, and only that folder's objects go with it.
        DescriptorReader.requireOwnFolder(vault, key, key.descriptorKey());
        objects.stream().filter(object -> !object.key().startsWith(key.prefix())).findFirst().ifPresent(object -> {
            throw new IllegalStateException("s3://" + vault.bucket() + "/" + object.key() + " is not in the folder of "
                    + point.key() + ": nothing expired");
        });
        vault.putControl(key.expiringKey(), point); // never locked: it is deleted last
        delete(vault, key.descriptorKey(), versioned);
        finish(vault, key, point, objects, versioned);
        return Optional.empty();
    }

    /** Finishes an expiry a killed run left: the marker names what remains. */
    public void resume(Vault vault, String folder, List<StoredObject> objects, boolean versioned) {
        RecoveryPointKey key = RecoveryPointKey.parse(folder);
        // The marker decides which snapshots go (by their recovery-point tag): the one reader refuses a
        // marker of a nested folder, one naming another folder (copied or planted), and, with a signing
        // key, one without Strata's MAC, before it can name anything to delete. Left for a person to look at.
        RecoveryPoint point = new DescriptorReader(vault).marker(key);
        LOG.info("Finishing the expiry of {} that an earlier run left half-done", folder);
        finish(vault, key, point, objects, versioned);
    }

    private void finish(Vault vault, RecoveryPointKey key, RecoveryPoint point, List<StoredObject> objects,
                        boolean versioned) {
        if (serviceResources) {
            services.of(point).expire(point);
        }
        for (StoredObject object : objects) {
            if (!object.key().equals(key.expiringKey()) && !object.key().equals(key.descriptorKey())) {
                delete(vault, object.key(), versioned);
            }
        }
        if (versioned && vault.locks().objectLock().bucketDefault()) {
            // The bucket's default retention locked the marker's version the moment it was written: a
            // delete marker hides it (as the attempt lease's), its version goes when its lock has passed.
            vault.delete(key.expiringKey());
        } else {
            delete(vault, key.expiringKey(), versioned);
        }
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

    /** Deletes a key: every version of it on a versioned bucket (a delete marker alone keeps paying). */
    private static void delete(Vault vault, String key, boolean versioned) {
        if (!versioned) {
            vault.delete(key);
            return;
        }
        for (ObjectVersion version : vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket()).prefix(key))
                .versions()) {
            if (version.key().equals(key)) {
                vault.s3().deleteObject(r -> r.bucket(vault.bucket()).key(key).versionId(version.versionId()));
            }
        }
        vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket()).prefix(key)).deleteMarkers().stream()
                .filter(marker -> marker.key().equals(key))
                .forEach(marker -> vault.s3().deleteObject(r -> r.bucket(vault.bucket()).key(key).versionId(marker.versionId())));
    }
}
