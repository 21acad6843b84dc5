package io.strata.vault;

/** One data file of a recovery point, with the digests `strata verify` checks again. */
public record DataFile(String key, long itemCount, long bytes, String etag, String md5Base64, String sha256Hex) {

    public static DataFile of(UploadedObject object, long itemCount) {
        return new DataFile(object.key(), itemCount, object.bytes(), object.etag(), object.md5Base64(), object.sha256Hex());
    }
}
