package io.strata.vault.stream;

import io.strata.vault.lock.ObjectEncryption;
import io.strata.vault.lock.ObjectLock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Streams bytes to one S3 object with bounded memory: one part buffer, uploaded as a multipart
 * part each time it fills. Nothing is visible until {@link #commit()}; {@link #close()} without a
 * commit, or any failure, aborts the multipart upload so no part is left behind.
 * Also computes the MD5 and SHA-256 of everything written, for the manifests.
 */
public final class S3MultipartOutputStream extends OutputStream {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final ObjectEncryption encryption;
    private final ObjectLock lock;
    private final byte[] buffer;
    private final MessageDigest md5 = Digests.md5();
    private final MessageDigest sha256 = Digests.sha256();
    private final List<CompletedPart> parts = new ArrayList<>();
    private int buffered;
    private long total;
    private String uploadId;
    private UploadedObject committed;
    private boolean closed;

    public S3MultipartOutputStream(S3Client s3, String bucket, String key, ObjectEncryption encryption, ObjectLock lock,
                                   int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB, not " + partSize + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.encryption = encryption;
        this.lock = lock;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        md5.update(bytes, offset, length);
        sha256.update(bytes, offset, length);
        total += length;
        while (length > 0) {
            int chunk = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, chunk);
            buffered += chunk;
            offset += chunk;
            length -= chunk;
            if (buffered == buffer.length) {
                uploadPart();
            }
        }
    }

    /** Makes the object visible and returns what was written. */
    public UploadedObject commit() throws IOException {
        ensureOpen();
        try {
            String etag;
            if (uploadId == null) {
                // Small object: one PutObject, no multipart upload to leave behind.
                var request = lock.apply(encryption.apply(PutObjectRequest.builder().bucket(bucket).key(key))).build();
                etag = s3.putObject(request, body()).eTag();
            } else {
                if (buffered > 0) {
                    uploadPart();
                }
                etag = s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())).eTag();
            }
            committed = new UploadedObject(key, total, stripQuotes(etag),
                    Base64.getEncoder().encodeToString(md5.digest()), HexFormat.of().formatHex(sha256.digest()));
            closed = true;
            return committed;
        } catch (RuntimeException e) {
            abort();
            throw new IOException("Cannot complete upload of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Aborts the upload unless it was committed. */
    @Override
    public void close() {
        if (committed == null) {
            abort();
        }
        closed = true;
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                var create = lock.apply(encryption.apply(CreateMultipartUploadRequest.builder().bucket(bucket).key(key))).build();
                uploadId = s3.createMultipartUpload(create).uploadId();
            }
            int partNumber = parts.size() + 1;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    body()).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            buffered = 0;
        } catch (RuntimeException e) {
            abort();
            throw new IOException("Cannot upload part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key
                    + ": " + e.getMessage(), e);
        }
    }

    /** The buffered bytes without a copy; a ByteArrayInputStream can be reset for SDK retries. */
    private RequestBody body() {
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, buffered), buffered);
    }

    private void abort() {
        closed = true;
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id));
            } catch (RuntimeException e) {
                // Unreachable S3: the vault's cleanup of incomplete uploads removes it on the next run.
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Upload of s3://" + bucket + "/" + key + " is already closed");
        }
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
