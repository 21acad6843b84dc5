package io.strata.vault.stream;

/**
 * Which stored object a read saw, by its ETag: a later read that asks for the same ETag
 * ({@code If-Match}) gets those bytes or a 412, never an object rewritten in between. Pinned by ETag
 * rather than version id, so that reading needs {@code s3:GetObject} only, as on a bucket without
 * versioning (a version id would need {@code s3:GetObjectVersion}).
 */
public record ObjectVersion(String etag) {
}
