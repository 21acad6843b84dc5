package io.strata.tiering;

import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves one object to a colder storage class by copying it onto itself (tiering mode {@code copy}):
 * works on any S3-compatible store. The copy keeps the metadata and tags, re-states the vault's
 * encryption (a copy is encrypted only as its request says), copies only the version that was
 * looked at ({@code x-amz-copy-source-if-match}), and above 5 GB, CopyObject's limit, copies in parts
 * ({@link ObjectCopy}, which the copy to a second vault shares).
 * On a versioned bucket the warm version left behind is deleted, or it would keep paying.
 */
public final class ObjectTiering {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectTiering.class);

    private final ObjectCopy copier;

    public ObjectTiering() {
        this(new ObjectCopy());
    }

    /** A copier with smaller thresholds lets a test take the multipart path with small objects. */
    public ObjectTiering(ObjectCopy copier) {
        this.copier = copier;
    }

    /**
     * Moves the object to {@code target} unless it is there (or colder) already: a rerun after a crash
     * does nothing twice. Returns whether it moved.
     */
    public boolean move(Vault vault, StoredObject object, StorageTier target, boolean versioned) {
        S3Client s3 = vault.s3();
        HeadObjectResponse head = s3.headObject(r -> r.bucket(vault.bucket()).key(object.key()));
        if (StorageTier.ofS3(head.storageClassAsString()).compareTo(target) >= 0) {
            return false;
        }
        copier.copy(new ObjectCopy.Source(vault.bucket(), object.key(), head), vault, object.key(), target.name(), false);
        HeadObjectResponse moved = s3.headObject(r -> r.bucket(vault.bucket()).key(object.key()));
        if (StorageTier.ofS3(moved.storageClassAsString()) != target || !moved.contentLength().equals(head.contentLength())) {
            throw new IllegalStateException("s3://" + vault.bucket() + "/" + object.key() + " was copied to " + target
                    + " but reads back as " + moved.storageClassAsString() + " with " + moved.contentLength() + " bytes");
        }
        if (versioned && head.versionId() != null && !head.versionId().equals(moved.versionId())) {
            deleteWarmVersion(vault, object.key(), head.versionId());
        }
        return true;
    }

    private static void deleteWarmVersion(Vault vault, String key, String versionId) {
        Optional<Instant> locked = vault.locks().lockedUntil(key, versionId);
        if (locked.isPresent()) {
            // Never a governance bypass: the warm version is billed in its old class until its lock ends.
            LOG.info("The previous version {} of s3://{}/{} is locked until {}: it stays until then", versionId,
                    vault.bucket(), key, locked.get());
            return;
        }
        try {
            vault.s3().deleteObject(r -> r.bucket(vault.bucket()).key(key).versionId(versionId));
        } catch (S3Exception e) {
            // Object Lock keeps the warm version until its retain-until date: it is paid for until then.
            LOG.warn("The previous version {} of s3://{}/{} stays ({}): it is billed in its old class until it can "
                    + "be deleted", versionId, vault.bucket(), key, e.awsErrorDetails().errorCode());
        }
    }
}
