package io.strata.archive;

import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Moves one object to a colder storage class by copying it onto itself (tiering mode {@code copy}):
 * works on any S3-compatible store. The copy keeps the metadata and tags, re-states the vault's
 * encryption (a copy is encrypted only as its request says), copies only the version that was
 * looked at ({@code x-amz-copy-source-if-match}), and above 5 GB, CopyObject's limit, copies in parts.
 * On a versioned bucket the warm version left behind is deleted, or it would keep paying.
 */
public final class ObjectTiering {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectTiering.class);
    static final long COPY_OBJECT_LIMIT = 5L * 1024 * 1024 * 1024;
    private static final long PART_SIZE = 512L * 1024 * 1024;

    private final long multipartAbove;
    private final long partSize;

    public ObjectTiering() {
        this(COPY_OBJECT_LIMIT, PART_SIZE);
    }

    /** Smaller thresholds let a test take the multipart path with small objects. */
    ObjectTiering(long multipartAbove, long partSize) {
        this.multipartAbove = multipartAbove;
        this.partSize = partSize;
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
        if (head.contentLength() > multipartAbove) {
            copyInParts(vault, object.key(), head, target);
        } else {
            CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                    .sourceBucket(vault.bucket()).sourceKey(object.key()).copySourceIfMatch(head.eTag())
                    .destinationBucket(vault.bucket()).destinationKey(object.key())
                    .storageClass(target.name()).metadataDirective(MetadataDirective.COPY)
                    .taggingDirective(TaggingDirective.COPY);
            s3.copyObject(vault.protect(copy).build());
        }
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

    private void copyInParts(Vault vault, String key, HeadObjectResponse head, StorageTier target) {
        S3Client s3 = vault.s3();
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(vault.bucket()).key(key)
                .storageClass(target.name()).contentType(head.contentType()).metadata(head.metadata());
        String uploadId = s3.createMultipartUpload(vault.encryption().apply(create).build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = head.contentLength();
            for (long start = 0, number = 1; start < size; start += partSize, number++) {
                long end = Math.min(size, start + partSize) - 1;
                int partNumber = (int) number;
                String range = "bytes=" + start + "-" + end;
                String etag = s3.uploadPartCopy(r -> r.sourceBucket(vault.bucket()).sourceKey(key)
                        .copySourceIfMatch(head.eTag()).copySourceRange(range)
                        .destinationBucket(vault.bucket()).destinationKey(key).uploadId(uploadId).partNumber(partNumber))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(vault.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(r -> r.bucket(vault.bucket()).key(key).uploadId(uploadId));
            throw e;
        }
    }

    private static void deleteWarmVersion(Vault vault, String key, String versionId) {
        try {
            vault.s3().deleteObject(r -> r.bucket(vault.bucket()).key(key).versionId(versionId));
        } catch (S3Exception e) {
            // Object Lock keeps the warm version until its retain-until date: it is paid for until then.
            LOG.warn("The previous version {} of s3://{}/{} stays ({}): it is billed in its old class until it can "
                    + "be deleted", versionId, vault.bucket(), key, e.awsErrorDetails().errorCode());
        }
    }
}
