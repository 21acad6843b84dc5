package io.strata.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Deletes many vault objects with DeleteObjects, up to 1,000 keys a request, instead of one
 * DeleteObject each. S3 answers such a request with 200 even when it refused some of its keys (a
 * version under Object Lock: AccessDenied), so every key's result is read from the answer and each
 * refusal is returned by key: nothing is taken as deleted that S3 did not delete.
 */
public final class ObjectDeletes {

    /** S3's limit of keys in one DeleteObjects request. */
    public static final int BATCH = 1000;

    private final Vault vault;

    public ObjectDeletes(Vault vault) {
        this.vault = vault;
    }

    /** One version of a key to delete; a null version deletes the current one (a delete marker on a versioned bucket). */
    public record Target(String key, String versionId) {

        public static Target current(String key) {
            return new Target(key, null);
        }

        ObjectIdentifier identifier() {
            return ObjectIdentifier.builder().key(key).versionId(versionId).build();
        }
    }

    /**
     * Deletes the targets in order, {@link #BATCH} a request; the ones S3 refused, each with why
     * ({@code s3://bucket/key (version v): AccessDenied: …}). Empty when every one is gone. A request that
     * fails as a whole (a network error, 403 for the whole call) throws: none of its keys is known deleted.
     */
    public Map<Target, String> delete(List<Target> targets) {
        Map<Target, String> refused = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i += BATCH) {
            List<Target> batch = targets.subList(i, Math.min(targets.size(), i + BATCH));
            List<ObjectIdentifier> identifiers = batch.stream().map(Target::identifier).toList();
            // Quiet: S3 answers with the errors only, the rest were deleted.
            DeleteObjectsResponse answer = vault.s3().deleteObjects(r -> r.bucket(vault.bucket())
                    .delete(d -> d.objects(identifiers).quiet(true)));
            for (S3Error error : answer.errors()) {
                Target target = new Target(error.key(), error.versionId());
                if (!batch.contains(target)) { // S3 names a version it removed for a current-version delete
                    target = Target.current(error.key());
                }
                refused.put(target, "s3://" + vault.bucket() + "/" + error.key()
                        + (error.versionId() == null ? "" : " (version " + error.versionId() + ")") + ": "
                        + error.code() + ": " + error.message());
            }
        }
        return refused;
    }

    /** Every version and delete marker of every key under {@code prefix}, by key, in the listing's order. */
    public Map<String, List<Target>> versionsUnder(String prefix) {
        Map<String, List<Target>> byKey = new LinkedHashMap<>();
        vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket()).prefix(prefix)).forEach(page -> {
            page.versions().forEach(v -> byKey.computeIfAbsent(v.key(), k -> new ArrayList<>())
                    .add(new Target(v.key(), v.versionId())));
            page.deleteMarkers().forEach(m -> byKey.computeIfAbsent(m.key(), k -> new ArrayList<>())
                    .add(new Target(m.key(), m.versionId())));
        });
        return byKey;
    }
}
