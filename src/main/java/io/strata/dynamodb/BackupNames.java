package io.strata.dynamodb;

import io.strata.vault.RecoveryPointKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of the on-demand backup of a recovery point: {@code strata-<stamp>-<vault>-<table>}, e.g.
 * {@code strata-20261122T020000Z-1a2b3c4d-0f9e8d7c-orders}, where {@code <vault>} is 8 hex digits of the
 * SHA-256 of the vault's bucket and prefix. Backup names take 3–255 of {@code [a-zA-Z0-9_.-]}, which the
 * stamp and a table name (same characters) already are; a long table name is cut, as the stamp is what
 * makes the name unique. A backup left by a killed attempt is found again by this name: it names the
 * recovery point folder the sweep checks before deleting anything, and the vault whose folder that is
 * (a backup another vault's Strata is making of the same table has no folder here, and is not this
 * vault's to judge).
 */
final class BackupNames {

    private static final int MAX = 255;
    private static final Pattern NAME = Pattern.compile("strata-(\\d{8}T\\d{6}Z-[0-9a-f]{8})-([0-9a-f]{8})-.+");

    private BackupNames() {
    }

    static String of(RecoveryPointKey key, String vaultId) {
        String name = "strata-" + key.stamp() + "-" + vaultId + "-" + key.resource();
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }

    /** 8 hex digits naming the vault (bucket and prefix) in its backups' names. */
    static String vaultId(String bucket, String prefix) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((bucket + "/" + prefix)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code name} is the one Strata gives the backup of the recovery point {@code key} (any vault). */
    static boolean names(String name, RecoveryPointKey key) {
        Matcher matcher = NAME.matcher(name == null ? "" : name);
        return matcher.matches() && matcher.group(1).equals(key.stamp())
                && of(key, matcher.group(2)).equals(name);
    }

    /**
     * The recovery point folder of this vault ({@code vaultId}, {@code vaultPrefix}) and region that a backup of
     * {@code table} named {@code name} belongs to: only a name Strata derives from exactly that folder.
     */
    static Optional<RecoveryPointKey> folder(String name, String vaultId, String vaultPrefix, String region,
                                             String table) {
        Matcher matcher = NAME.matcher(name == null ? "" : name);
        if (!matcher.matches() || !matcher.group(2).equals(vaultId)) {
            return Optional.empty();
        }
        RecoveryPointKey key = RecoveryPointKey.parse(RecoveryPointKey.resourcePrefix(vaultPrefix, DynamoDbService.NAME,
                region, table) + matcher.group(1) + "/");
        return of(key, vaultId).equals(name) ? Optional.of(key) : Optional.empty();
    }
}
