package io.strata.vault.stream;

/** What one committed upload wrote: its key, size, S3 ETag and digests of its bytes. */
public record UploadedObject(String key, long bytes, String etag, String md5Base64, String sha256Hex) {
}
