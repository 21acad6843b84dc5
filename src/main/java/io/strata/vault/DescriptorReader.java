package io.strata.vault;

import io.strata.text.Json;
import io.strata.vault.error.VaultException;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The one way a recovery point's descriptor (or an expiry's {@code expiring.json}) is read, by list,
 * verify, restore, the archive and its second-vault copies. A recovery point is its exact folder:
 * <ul>
 *   <li>the folder lies directly under the vault's {@code <prefix>strata/}: a folder nested inside
 *       another ({@code strata/…/strata/…}) is no recovery point, whatever it holds;</li>
 *   <li>the object is at most {@link #MAX_BYTES} (refused by its length, before its body is read);</li>
 *   <li>the key it records is the full key of the folder it was read from, vault prefix included.</li>
 * </ul>
 * A service deletes a snapshot only when its tag names that key, so a descriptor or marker copied
 * into another folder can never name, and so delete, another recovery point's snapshots.
 */
public final class DescriptorReader {

    /** Far above any descriptor Strata writes (one line per data file); bounds what a planted one costs. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Vault vault;

    public DescriptorReader(Vault vault) {
        this.vault = vault;
    }

    /** The committed recovery point of {@code folder}; S3's own exceptions (missing, archived) pass unchanged. */
    public RecoveryPoint descriptor(RecoveryPointKey folder) {
        return read(folder, folder.descriptorKey());
    }

    /** What the {@code expiring.json} of {@code folder} says is still to delete. */
    public RecoveryPoint marker(RecoveryPointKey folder) {
        return read(folder, folder.expiringKey());
    }

    /** The exact bytes of the descriptor of {@code folder}, checked like {@link #descriptor}: for a copy. */
    public byte[] descriptorBytes(RecoveryPointKey folder) {
        String objectKey = folder.descriptorKey();
        requireOwnFolder(vault, folder, objectKey);
        return readBounded(vault, objectKey, MAX_BYTES);
    }

    /** Parses the bytes read at {@code objectKey} of {@code folder}, refusing a point that is not that folder's. */
    public RecoveryPoint parse(RecoveryPointKey folder, String objectKey, byte[] bytes) {
        RecoveryPoint point;
        try {
            point = Json.MAPPER.readValue(bytes, RecoveryPoint.class);
        } catch (IOException e) {
            throw new VaultException("Unreadable s3://" + vault.bucket() + "/" + objectKey + ": " + e.getMessage(), e);
        }
        return RecoveryPointCheck.wellFormed(point, folder, "s3://" + vault.bucket() + "/" + objectKey);
    }

    private RecoveryPoint read(RecoveryPointKey folder, String objectKey) {
        requireOwnFolder(vault, folder, objectKey);
        return parse(folder, objectKey, readBounded(vault, objectKey, MAX_BYTES));
    }

    /**
     * {@link Vault#readSigned}, refusing (by its length, before its body is read) an object over
     * {@code maxBytes}: anyone with PutObject may plant one, and it must not cost the reader its memory.
     * Public for the other small objects kept beside a recovery point (its verification records).
     */
    public static byte[] readBounded(Vault vault, String key, long maxBytes) {
        ResponseInputStream<GetObjectResponse> object = vault.s3().getObject(r -> r.bucket(vault.bucket()).key(key));
        try (object) {
            Long length = object.response().contentLength();
            byte[] bytes = length != null && length > maxBytes ? null : object.readNBytes((int) maxBytes + 1);
            if (bytes == null || bytes.length > maxBytes) {
                object.abort(); // the rest is never downloaded
                throw new VaultException("s3://" + vault.bucket() + "/" + key + " is " + (length != null ? length
                        : "over " + maxBytes) + " bytes, more than the " + maxBytes + " an object of this kind may have: refused unread");
            }
            vault.signature().check(vault.bucket(), key, bytes, object.response().metadata());
            return bytes;
        } catch (IOException e) {
            throw new VaultException("Cannot read s3://" + vault.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Fails naming {@code objectKey} unless {@code folder} is a recovery point folder of {@code vault}. */
    public static void requireOwnFolder(Vault vault, RecoveryPointKey folder, String objectKey) {
        notOwnFolder(vault, folder, objectKey).ifPresent(problem -> {
            throw new VaultException(problem);
        });
    }

    /**
     * Why {@code folder} is no recovery point folder of {@code vault}, naming {@code objectKey}; empty
     * when it is one. Keys are parsed from their last {@code strata/<service>/<region>/…/<stamp>/}, so a
     * nested folder shows as a vault prefix other than the configured one.
     */
    public static Optional<String> notOwnFolder(Vault vault, RecoveryPointKey folder, String objectKey) {
        if (folder.vaultPrefix().equals(vault.prefix())) {
            return Optional.empty();
        }
        String where = "s3://" + vault.bucket() + "/" + objectKey;
        if (folder.vaultPrefix().startsWith(vault.prefix() + "strata/")) {
            return Optional.of(where + " is not a recovery point: its folder is nested inside "
                    + folder.vaultPrefix() + " (strata/…/strata/…), which Strata never writes; left as it is");
        }
        return Optional.of(where + " is not a recovery point of this vault: it is not under the vault prefix '"
                + vault.prefix() + "' (strata.vault.prefix)");
    }
}
