package io.strata.vault;

import io.strata.vault.error.VaultException;
import io.strata.vault.lock.ObjectLockPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The vault bucket itself: that it exists, or creating it (with Object Lock when lock days are set) when asked to. */
final class VaultBucket {

    private static final Logger LOG = LoggerFactory.getLogger(VaultBucket.class);

    private VaultBucket() {
    }

    /** Fails with the bucket's name unless it exists; creates it when asked to. */
    static void checkExists(S3Client s3, String bucket, ObjectLockPolicy lockPolicy, boolean createIfMissing) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (!createIfMissing) {
                throw new VaultException("Vault bucket '" + bucket + "' does not exist (strata.vault.bucket): create it, "
                        + "or set strata.vault.create-bucket=true", e);
            }
            boolean locked = lockPolicy.days().isPresent();
            LOG.info("Creating vault bucket {}{}", bucket, locked ? " with S3 Object Lock" : "");
            s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(locked ? Boolean.TRUE : null));
        } catch (S3Exception e) {
            throw new VaultException("Cannot reach vault bucket '" + bucket + "' (strata.vault.bucket): "
                    + e.awsErrorDetails().errorMessage() + " [HTTP " + e.statusCode() + "]", e);
        }
    }
}
