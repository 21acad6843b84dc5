package io.strata.vault.stream;

import io.strata.config.AwsErrors;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One streamed GET of an S3 object that survives its body being cut: the SDK retries a call until
 * its answer starts, but a body that breaks off afterwards (a reset, a connection closed before the
 * promised Content-Length) reaches the reader as an IOException, which verify used to report as a
 * corrupt file. Here the read resumes with a ranged GET from the byte reached, asking for the same
 * object ({@code If-Match} the first answer's ETag: a rewritten object fails with 412 instead of
 * stitching two objects together), at most {@link #MAX_RESUMES} times with a growing pause. A read
 * that still fails throws {@link UnreadableObjectException}, naming every fault met.
 */
public final class ResumingObjectStream extends InputStream {

    static final int MAX_RESUMES = 5;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String etag;
    private final long length;
    private final List<String> faults = new ArrayList<>();
    private ResponseInputStream<GetObjectResponse> body;
    private long position;

    private ResumingObjectStream(S3Client s3, String bucket, String key, ResponseInputStream<GetObjectResponse> first) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.body = first;
        this.etag = first.response().eTag();
        Long contentLength = first.response().contentLength();
        this.length = contentLength == null ? -1 : contentLength;
    }

    /** Starts the GET; S3's own errors (NoSuchKey, AccessDenied) pass unchanged. */
    public static ResumingObjectStream open(S3Client s3, String bucket, String key) {
        return new ResumingObjectStream(s3, bucket, key, s3.getObject(r -> r.bucket(bucket).key(key)));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        while (true) {
            try {
                int n = body.read(buffer, offset, count);
                if (n < 0 && length >= 0 && position < length) {
                    throw new EOFException("the body ended at byte " + position + " of " + length);
                }
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) {
                    throw e;
                }
                if (length >= 0 && position >= length) {
                    return -1; // every promised byte arrived: a fault after them loses nothing
                }
                resume(e);
            }
        }
    }

    private void resume(IOException cut) throws IOException {
        faults.add(describe(cut));
        body.abort();
        if (faults.size() > MAX_RESUMES) {
            throw new UnreadableObjectException(where() + " could not be read: " + faults.size() + " attempts ("
                    + String.join("; ", faults) + ")", cut);
        }
        pause(FIRST_PAUSE_MILLIS << (faults.size() - 1));
        String range = "bytes=" + position + "-";
        try {
            body = s3.getObject(r -> r.bucket(bucket).key(key).range(range).ifMatch(etag));
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                throw new IOException(where() + " was rewritten while it was read (its ETag is no longer " + etag + ")", e);
            }
            throw unreadable(e);
        } catch (SdkException e) {
            throw unreadable(e);
        }
    }

    private UnreadableObjectException unreadable(SdkException e) {
        faults.add(AwsErrors.summary(e));
        return new UnreadableObjectException(where() + " could not be read: " + faults.size() + " attempts ("
                + String.join("; ", faults) + ")", e);
    }

    private String where() {
        return "s3://" + bucket + "/" + key;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resuming a download");
        }
    }

    /** A body read to its end goes back to the connection pool; a body left unread is dropped with its connection. */
    @Override
    public void close() throws IOException {
        if (length >= 0 && position >= length) {
            body.close();
        } else {
            body.abort();
        }
    }
}
