package io.strata.vault.stream;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 (the export manifest's) and SHA-256 (the recovery point's), which every JVM must provide. */
final class Digests {

    private Digests() {
    }

    static MessageDigest md5() {
        return get("MD5");
    }

    static MessageDigest sha256() {
        return get("SHA-256");
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
