package io.strata.vault.attempt;

import io.strata.vault.Vault;
import io.strata.vault.error.S3Errors;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Leases and claims are control objects: on a versioned bucket a plain DELETE only adds a delete
 * marker, so releasing one removes every version of its key, leaving no trace in the vault.
 */
final class ControlObjects {

    private static final Logger LOG = LoggerFactory.getLogger(ControlObjects.class);

    private ControlObjects() {
    }

    /**
     * Removes every version and delete marker of a control object's key, for good; false (after a
     * warning) when S3 refuses to list or delete versions, e.g. without s3:ListBucketVersions or
     * s3:DeleteObjectVersion. Only for keys whose every version is dead: an attempt's own lease, a claim just released.
     */
    static boolean removeAllVersions(Vault vault, String key) {
        try {
            var listed = vault.s3().listObjectVersionsPaginator(r -> r.bucket(vault.bucket()).prefix(key));
            List<ObjectIdentifier> versions = new ArrayList<>();
            listed.versions().stream().filter(v -> v.key().equals(key))
                    .forEach(v -> versions.add(ObjectIdentifier.builder().key(key).versionId(v.versionId()).build()));
            listed.deleteMarkers().stream().filter(m -> m.key().equals(key))
                    .forEach(m -> versions.add(ObjectIdentifier.builder().key(key).versionId(m.versionId()).build()));
            for (int i = 0; i < versions.size(); i += 1000) {
                List<ObjectIdentifier> batch = versions.subList(i, Math.min(versions.size(), i + 1000));
                var refused = vault.s3().deleteObjects(r -> r.bucket(vault.bucket()).delete(d -> d.objects(batch).quiet(true))).errors();
                if (!refused.isEmpty()) {
                    LOG.warn("S3 kept {} version(s) of s3://{}/{}: {}", refused.size(), vault.bucket(), key, refused.get(0).message());
                    return false;
                }
            }
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            LOG.warn("Cannot remove the versions of s3://{}/{} ({}): they stay until a lifecycle rule expires them",
                    vault.bucket(), key, S3Errors.describe(e));
            return false;
        }
    }
}
