package io.strata.vault;

import io.strata.vault.stream.DigestingInputStream;
import io.strata.vault.stream.UploadedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One data file of a recovery point, with the digests that verify and restore check again.
 * For a native export some are unknown: {@code bytes} -1, {@code sha256Hex} null.
 */
public record DataFile(String key, long itemCount, long bytes, String etag, String md5Base64, String sha256Hex) {

    public static DataFile of(UploadedObject object, long itemCount) {
        return new DataFile(object.key(), itemCount, object.bytes(), object.etag(), object.md5Base64(), object.sha256Hex());
    }

    /** Every way {@code read} (the bytes as read back, holding {@code items} items) differs from this record. */
    public List<String> mismatches(DigestingInputStream.Result read, long items) {
        List<String> problems = new ArrayList<>();
        if (sha256Hex != null) {
            compare(problems, "SHA-256", sha256Hex, read.sha256Hex());
        }
        if (md5Base64 != null) {
            compare(problems, "MD5", md5Base64, read.md5Base64());
        }
        if (bytes >= 0) {
            compare(problems, "size", bytes, read.bytes());
        }
        compare(problems, "item count", itemCount, items);
        return problems;
    }

    private void compare(List<String> problems, String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(key + ": " + field + " is " + actual + ", expected " + expected);
        }
    }
}
