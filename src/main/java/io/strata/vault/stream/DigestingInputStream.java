package io.strata.vault.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** Counts the bytes read through it and computes their MD5 and SHA-256, as the manifests record them. */
public final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest md5 = Digests.md5();
    private final MessageDigest sha256 = Digests.sha256();
    private long count;

    public DigestingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            md5.update((byte) b);
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            md5.update(buffer, offset, n);
            sha256.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digests: read them instead.
        return transferTo(OutputStream.nullOutputStream(), n);
    }

    private long transferTo(OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (total < limit) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Reads what is left, so that the digests cover the whole object (gzip trailers, padding). */
    public DigestingInputStream drain() throws IOException {
        transferTo(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        return this;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** What was read: call once, after everything was read. */
    public Result result() {
        return new Result(count, Base64.getEncoder().encodeToString(md5.digest()), HexFormat.of().formatHex(sha256.digest()));
    }

    public record Result(long bytes, String md5Base64, String sha256Hex) {
    }
}
