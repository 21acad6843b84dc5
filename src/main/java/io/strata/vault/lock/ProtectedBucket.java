package io.strata.vault.lock;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a protections check reads of the vault bucket: where it is and what its writes carry. The
 * vault implements it, so that this room stays below the vault that uses its locks.
 */
public interface ProtectedBucket {

    S3Client s3();

    String bucket();

    String prefix();

    ObjectEncryption encryption();

    ObjectLockPolicy lockPolicy();
}
