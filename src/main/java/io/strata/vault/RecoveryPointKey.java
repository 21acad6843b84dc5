package io.strata.vault;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a recovery point lives in the vault:
 * {@code <prefix>strata/<service>/<region>/<resource>/<yyyyMMdd'T'HHmmss'Z'>-<suffix>/}.
 * The random suffix keeps two backups of one resource in the same second (two processes, two
 * plans on one cron) in two folders; folders written before it existed (no suffix) stay valid.
 *
 * @param suffix 8 hex digits, or empty for a folder written before suffixes
 */
public record RecoveryPointKey(String vaultPrefix, String service, String region, String resource, Instant time,
                               String suffix) {

    public static final String DESCRIPTOR = "recovery-point.json";
    /**
     * Written by the archive before it deletes a descriptor: the descriptor's copy, so that an expiry
     * killed half-way is finished by the next run (it names the snapshots still to delete), and so
     * that no sweep mistakes the folder for a dead attempt.
     */
    public static final String EXPIRING = "expiring.json";
    /**
     * The folder, inside a committed recovery point's, of the records of its later checks (verify,
     * restore test): each its own object, so that the committed descriptor is never rewritten. They
     * are the point's: deleted with it, never copied to a second vault (a check proves the copy it read).
     */
    public static final String VERIFICATIONS = "verifications/";

    /**
     * The folder of a recovery point's legal holds, one object each ({@code holds/<id>.json}): objects of their own
     * beside the point, since a committed descriptor is never rewritten. Only keys of exactly that shape count.
     */
    public static final String HOLDS = "holds/";
    private static final Pattern HOLD_NAME = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    // Greedy before "strata/": a vault prefix may itself end in strata/ (strata.vault.prefix=strata),
    // and the last "strata/" the rest of the layout follows is the one Strata wrote.
    private static final Pattern LAYOUT = Pattern.compile(
            "(.*)strata/([^/]+)/([^/]+)/(.+?)/(\\d{8}T\\d{6}Z)(?:-([0-9a-f]{8}))?/?(?:recovery-point\\.json)?");
    private static final Pattern INSIDE = Pattern.compile(
            "(.*strata/[^/]+/[^/]+/.+?/\\d{8}T\\d{6}Z(?:-[0-9a-f]{8})?/).*");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RecoveryPointKey {
        suffix = suffix == null ? "" : suffix;
    }

    /** A new, unique key for a backup of {@code resource} started at {@code time}. */
    public static RecoveryPointKey create(String vaultPrefix, String service, String region, String resource,
                                          Instant time) {
        KeySegments.segment("service", service);
        KeySegments.segment("region", region);
        KeySegments.path("resource", resource);
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return new RecoveryPointKey(vaultPrefix, service, region, resource, time, HexFormat.of().formatHex(random));
    }

    /** The folder name: the start time to the second, then the suffix. */
    public String stamp() {
        return STAMP.format(time) + (suffix.isEmpty() ? "" : "-" + suffix);
    }

    public String prefix() {
        return resourcePrefix(vaultPrefix, service, region, resource) + stamp() + "/";
    }

    public String descriptorKey() {
        return prefix() + DESCRIPTOR;
    }

    public String expiringKey() {
        return prefix() + EXPIRING;
    }

    public String verificationsPrefix() {
        return prefix() + VERIFICATIONS;
    }

    /** The key of the hold {@code id} ({@code <yyyyMMddTHHmmssZ>-<8 hex>}) of this recovery point. */
    public String holdKey(String id) {
        String key = prefix() + HOLDS + id + ".json";
        if (!holdObject(key)) {
            throw new IllegalArgumentException("'" + id + "' is not a hold id (<yyyyMMddTHHmmssZ>-<8 hex>)");
        }
        return key;
    }

    /**
     * Whether {@code objectKey} is a hold of exactly this recovery point: {@code <its folder>holds/<id>.json}, nothing
     * nested deeper, no other name. A planted {@code holds/x/y.json} or {@code holds/notes.txt} is no hold.
     */
    public boolean holdObject(String objectKey) {
        String folder = prefix() + HOLDS;
        return objectKey.startsWith(folder) && HOLD_NAME.matcher(objectKey.substring(folder.length())).matches();
    }

    /** The prefix under which all recovery points of this resource live. */
    public static String resourcePrefix(String vaultPrefix, String service, String region, String resource) {
        return vaultPrefix + "strata/" + service + "/" + region + "/" + resource + "/";
    }

    /** Parses a recovery point prefix as {@code strata list} prints it (with or without the descriptor). */
    public static RecoveryPointKey parse(String key) {
        Matcher matcher = LAYOUT.matcher(key.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a recovery point: expected "
                    + "[prefix]strata/<service>/<region>/<resource>/<yyyyMMddTHHmmssZ>[-<suffix>]/ as printed by 'strata list'");
        }
        Instant time = STAMP.parse(matcher.group(5), Instant::from);
        return new RecoveryPointKey(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), time,
                matcher.group(6));
    }

    /** The recovery point folder an object of the vault lies in (a data file, a manifest, the descriptor). */
    public static Optional<RecoveryPointKey> find(String objectKey) {
        Matcher matcher = INSIDE.matcher(objectKey);
        return matcher.matches() ? Optional.of(parse(matcher.group(1))) : Optional.empty();
    }
}
