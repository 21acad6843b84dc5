package io.strata.vault;

import java.time.Instant;

/** One object of a recovery point's folder, as ListObjectsV2 reports it (storage class null = STANDARD). */
public record StoredObject(String key, long size, String storageClass, Instant lastModified) {
}
