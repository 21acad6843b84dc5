package io.strata.vault;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads an S3 object as a sequence of ranged GETs, each downloaded whole. A consumer that stops to
 * wait (a restore held back by DynamoDB's write rate) then holds no HTTP connection open, which S3
 * and emulators alike time out; each range is a complete call the SDK retries on its own.
 */
public final class S3RangeInputStream extends InputStream {

    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int rangeSize;
    private byte[] chunk = new byte[0];
    private int position;
    private long nextOffset;
    private long size = -1;

    public S3RangeInputStream(S3Client s3, String bucket, String key, int rangeSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.rangeSize = rangeSize;
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
        try {
            var response = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).range(range));
            chunk = response.asByteArrayUnsafe();
            size = totalSize(response.response().contentRange(), nextOffset + chunk.length);
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE && nextOffset == 0) {
                return false; // an empty object has no first byte to ask for
            }
            throw new IOException("Cannot read " + range + " of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
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
