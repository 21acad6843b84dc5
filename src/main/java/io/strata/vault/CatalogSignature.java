package io.strata.vault;

import io.strata.vault.error.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * The tamper-evident catalog ({@code strata.vault.signing-key}): every object the vault writes whole
 * (descriptors, manifests, expiry markers, run reports, leases) carries a KMS HMAC of its bytes and
 * its key in its user metadata, and what decides anything (a descriptor, a manifest, an expiry
 * marker) is read only when that MAC checks. Whoever may only put objects into the vault can
 * write any bytes and any metadata, but cannot compute a MAC without {@code kms:GenerateMac} on the
 * key: he can neither forge a recovery point nor alter one. Data files need no MAC: their sizes and
 * digests are in the (signed) descriptor and manifests.
 *
 * <p>Switched off (no key), it writes no metadata and checks nothing: the vault behaves as before.
 */
public final class CatalogSignature {

    /** User metadata names (S3 stores them as {@code x-amz-meta-strata-mac}, lower case). */
    public static final String MAC = "strata-mac";
    public static final String MAC_KEY = "strata-mac-key";
    static final String SETTING = "strata.vault.signing-key";
    private static final String CANONICAL_VERSION = "strata-catalog-mac/1\n";

    private static final CatalogSignature OFF = new CatalogSignature(null, null);

    private final String keyId;
    private final Supplier<KmsClient> kmsSupplier;
    private volatile KmsClient kms;

    private CatalogSignature(String keyId, Supplier<KmsClient> kms) {
        this.keyId = keyId;
        this.kmsSupplier = kms;
    }

    public static CatalogSignature off() {
        return OFF;
    }

    /** Signs and checks with {@code keyId}; the KMS client is asked for at the first MAC, not before. */
    public static CatalogSignature with(String keyId, Supplier<KmsClient> kms) {
        return keyId == null || keyId.isBlank() ? OFF : new CatalogSignature(keyId.trim(), kms);
    }

    /** For a vault built without KMS: with a signing key set, it fails at its first MAC, never silently unsigned. */
    static KmsClient noKmsClient() {
        throw new IllegalStateException(SETTING + " is set: build the vault with a KMS client (Vault.from with kms)");
    }

    public boolean on() {
        return keyId != null;
    }

    /** The user metadata to store with {@code bytes} at {@code key}: empty when signing is off. */
    Map<String, String> metadataFor(String key, byte[] bytes) {
        if (!on()) {
            return Map.of();
        }
        GenerateMacResponse mac = call(() -> kms().generateMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(canonical(key, bytes))), "sign " + key);
        return Map.of(MAC, Base64.getEncoder().encodeToString(mac.mac().asByteArray()), MAC_KEY, mac.keyId());
    }

    /**
     * Fails, naming the object, unless {@code bytes} read at {@code key} carry a valid MAC of the
     * configured key. Always verified with the configured key, never the one the metadata names:
     * that one is written by whoever wrote the object (it only says which key signed it, for people).
     */
    void check(String bucket, String key, byte[] bytes, Map<String, String> metadata) {
        if (!on()) {
            return;
        }
        String where = "s3://" + bucket + "/" + key;
        String mac = metadata.get(MAC);
        if (mac == null || mac.isBlank()) {
            throw new VaultException(where + " carries no MAC (x-amz-meta-" + MAC + "): not written by Strata with "
                    + SETTING + ", refused");
        }
        byte[] macBytes;
        try {
            macBytes = Base64.getDecoder().decode(mac.trim());
        } catch (IllegalArgumentException e) {
            throw new VaultException(where + " carries a MAC that is not base64: altered or forged, refused", e);
        }
        try {
            call(() -> kms().verifyMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(canonical(key, bytes)).mac(SdkBytes.fromByteArray(macBytes))), "check " + where);
        } catch (KmsInvalidMacException e) {
            throw new VaultException(where + " does not match its MAC (" + SETTING + " " + keyId + "): altered, forged "
                    + "or moved from another key, refused", e);
        }
    }

    /** One MAC at start-up, so that a key that does not exist, is not HMAC or may not be used is named at once. */
    void probe() {
        if (on()) {
            call(() -> kms().generateMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(canonical("strata-signing-key-check", new byte[0]))), "sign");
        }
    }

    /**
     * What is signed: the object's full key and the SHA-256 of its exact stored bytes. The key is in,
     * so that a signed object cannot be moved: the MAC of one recovery point's descriptor does not
     * pass in another folder, nor as an {@code expiring.json} (a copied descriptor would else name,
     * and delete, the snapshots of the point it was copied from), nor as a manifest. The bucket is
     * not in: a second vault holds the very same keys, and a copy there is the same recovery point.
     * The digest, not the bytes, is sent: KMS takes at most 4,096 bytes, a descriptor or manifest
     * listing many files is larger. Unambiguous although a key may hold line breaks: the digest is
     * always the last 64 characters.
     */
    static SdkBytes canonical(String key, byte[] bytes) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return SdkBytes.fromString(CANONICAL_VERSION + key + "\n" + digest, StandardCharsets.UTF_8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private KmsClient kms() {
        KmsClient client = kms;
        if (client == null) {
            synchronized (this) {
                if (kms == null) {
                    kms = kmsSupplier.get();
                }
                client = kms;
            }
        }
        return client;
    }

    /** Any KMS failure but an invalid MAC names the setting and the key: the key is wrong, or Strata may not use it. */
    private <T> T call(Supplier<T> request, String what) {
        try {
            return request.get();
        } catch (KmsInvalidMacException e) {
            throw e;
        } catch (KmsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            throw new VaultException(SETTING + " " + keyId + " cannot " + what + ": " + code
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                    + " (it must be an HMAC_SHA_256 KMS key Strata may use with kms:GenerateMac and kms:VerifyMac)", e);
        }
    }
}
