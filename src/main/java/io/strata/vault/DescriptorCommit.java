package io.strata.vault;

import io.strata.vault.error.VaultException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The commit of a recovery point (its descriptor, the last object written) and the last look before it. */
final class DescriptorCommit {

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorCommit.class);

    private final Vault vault;

    DescriptorCommit(Vault vault) {
        this.vault = vault;
    }

    /**
     * A PUT whose response is lost may still have been stored: then what S3 holds decides, so that a
     * backup is never reported failed over a recovery point that is committed (and complete).
     */
    void commit(RecoveryPoint point) {
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        byte[] descriptor = Vault.toJson(point);
        try {
            vault.putBytes(key.descriptorKey(), descriptor, "application/json");
        } catch (RuntimeException e) {
            if (!storedAs(key.descriptorKey(), descriptor)) {
                throw e;
            }
            LOG.warn("The commit of s3://{}/{} reported '{}', but the descriptor is stored as written: committed",
                    vault.bucket(), key.descriptorKey(), e.getMessage());
        }
    }

    /** Stored with these very bytes (and, with a signing key, its MAC: the PUT that carried them). */
    private boolean storedAs(String key, byte[] expected) {
        try {
            return Arrays.equals(expected, vault.readSigned(key));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Fails unless {@code key} is stored with {@code bytes} bytes. */
    void checkStored(String key, long bytes) {
        long stored;
        try {
            stored = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            throw new VaultException("s3://" + vault.bucket() + "/" + key + " is missing: it was written, then removed", e);
        }
        if (stored != bytes) {
            throw new VaultException("s3://" + vault.bucket() + "/" + key + " holds " + stored + " bytes, " + bytes
                    + " were written");
        }
    }
}
