package io.strata.vault.stream;

import java.io.IOException;
import java.io.InputStream;
import io.strata.config.AwsErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads an S3 object as a sequence of ranged GETs, each downloaded whole. A consumer that stops to
 * wait (a restore held back by DynamoDB's write rate) then holds no HTTP connection open, which S3
 * and emulators alike time out; each range is a complete call the SDK retries on its own. Every
 * range after the first asks for the object the first one returned ({@code If-Match} its ETag), or
 * for the {@link ObjectVersion} given: an object rewritten meanwhile fails the read with a 412
 * instead of mixing the bytes of two objects.
 */
public final class S3RangeInputStream extends InputStream {

    private static final int RANGE_NOT_SATISFIABLE = 416;
    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int rangeSize;
    private byte[] chunk = new byte[0];
    private int position;
    private long nextOffset;
    private long size = -1;
    private String etag;

    public S3RangeInputStream(S3Client s3, String bucket, String key, int rangeSize) {
        this(s3, bucket, key, rangeSize, null);
    }

    /** @param expected the object to read, or null for whichever the first range returns */
    public S3RangeInputStream(S3Client s3, String bucket, String key, int rangeSize, ObjectVersion expected) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.rangeSize = rangeSize;
        this.etag = expected == null ? null : expected.etag();
    }

    /** The object read (after the first read), to read exactly it again later. */
    public ObjectVersion version() {
        return new ObjectVersion(etag);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes sure unread bytes are buffered; false at the end of the object. */
    private boolean fill() throws IOException {
        if (position < chunk.length) {
            return true;
        }
        if (size >= 0 && nextOffset >= size) {
            return false;
        }
        String range = "bytes=" + nextOffset + "-" + (nextOffset + rangeSize - 1);
        String pinned = etag;
        try {
            var response = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).range(range).ifMatch(pinned));
            chunk = response.asByteArrayUnsafe();
            size = totalSize(response.response().contentRange(), nextOffset + chunk.length);
            if (etag == null) {
                etag = response.response().eTag();
            }
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE && nextOffset == 0) {
                return false; // an empty object has no first byte to ask for
            }
            if (e.statusCode() == PRECONDITION_FAILED) {
                throw new IOException("s3://" + bucket + "/" + key + " was rewritten since it was first read (its ETag "
                        + "is no longer " + pinned + ")", e);
            }
            if (UnreadableObjectException.in(e)) {
                throw new UnreadableObjectException("s3://" + bucket + "/" + key + " could not be read (" + range + "): "
                        + AwsErrors.summary(e), e);
            }
            throw new IOException("Cannot read " + range + " of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkClientException e) {
            // The SDK retried the range (a cut body included) until its budget was spent.
            throw new UnreadableObjectException("s3://" + bucket + "/" + key + " could not be read (" + range + "): "
                    + AwsErrors.summary(e), e);
        }
        position = 0;
        nextOffset += chunk.length;
        return chunk.length > 0;
    }

    /** The object's size from {@code Content-Range: bytes 0-99/1234}. */
    private static long totalSize(String contentRange, long fallback) {
        if (contentRange == null || contentRange.indexOf('/') < 0 || contentRange.endsWith("/*")) {
            return fallback;
        }
        return Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1).trim());
    }
}
