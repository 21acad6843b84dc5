package io.strata.tiering;

import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Copies one S3 object into a vault, server-side: one CopyObject up to 5 GB (its limit), UploadPartCopy
 * parts above. The tier change in place and the copy to a second vault share it. The copy re-states the
 * destination vault's encryption (a copy is encrypted only as its request says) and copies only the
 * version that was looked at ({@code x-amz-copy-source-if-match}); a failed multipart copy is aborted.
 */
public final class ObjectCopy {

    static final long COPY_OBJECT_LIMIT = 5L * 1024 * 1024 * 1024;
    static final long PART_SIZE = 512L * 1024 * 1024;

    private final long multipartAbove;
    private final long partSize;

    public ObjectCopy() {
        this(COPY_OBJECT_LIMIT, PART_SIZE);
    }

    /** Smaller thresholds let a test take the multipart path with small objects. */
    public ObjectCopy(long multipartAbove, long partSize) {
        this.multipartAbove = multipartAbove;
        this.partSize = partSize;
    }

    /** The object to copy: where it is, and its HEAD (the version, size, type and metadata copied). */
    public record Source(String bucket, String key, HeadObjectResponse head) {
    }

    /**
     * What the copy reported: whether it went in parts, and the SHA-256 (base64) S3 computed over the
     * copy when asked for one and the copy was a single CopyObject (null otherwise: a multipart
     * checksum is a checksum of part checksums, not of the object).
     */
    public record Copied(boolean multipart, String sha256Base64) {
    }

    boolean multipart(HeadObjectResponse head) {
        return head.contentLength() > multipartAbove;
    }

    /**
     * Copies {@code source} to {@code key} of {@code to} (through {@code to}'s client) in {@code storageClass};
     * {@code sha256} asks S3 for a SHA-256 of the copy (single CopyObject only).
     */
    public Copied copy(Source source, Vault to, String key, String storageClass, boolean sha256) {
        if (multipart(source.head())) {
            copyInParts(source, to, key, storageClass);
            return new Copied(true, null);
        }
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.key()).copySourceIfMatch(source.head().eTag())
                .destinationBucket(to.bucket()).destinationKey(key)
                .storageClass(storageClass).metadataDirective(MetadataDirective.COPY)
                .taggingDirective(TaggingDirective.COPY);
        if (sha256) {
            copy.checksumAlgorithm(ChecksumAlgorithm.SHA256);
        }
        var result = to.s3().copyObject(to.protect(copy).build()).copyObjectResult();
        return new Copied(false, result == null ? null : result.checksumSHA256());
    }

    private void copyInParts(Source source, Vault to, String key, String storageClass) {
        S3Client s3 = to.s3();
        HeadObjectResponse head = source.head();
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(to.bucket()).key(key)
                .storageClass(storageClass).contentType(head.contentType()).metadata(head.metadata());
        String uploadId = s3.createMultipartUpload(to.protect(create).build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = head.contentLength();
            for (long start = 0, number = 1; start < size; start += partSize, number++) {
                long end = Math.min(size, start + partSize) - 1;
                int partNumber = (int) number;
                String range = "bytes=" + start + "-" + end;
                String etag = s3.uploadPartCopy(r -> r.sourceBucket(source.bucket()).sourceKey(source.key())
                        .copySourceIfMatch(head.eTag()).copySourceRange(range)
                        .destinationBucket(to.bucket()).destinationKey(key).uploadId(uploadId).partNumber(partNumber))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(to.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(to.bucket()).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }
}
