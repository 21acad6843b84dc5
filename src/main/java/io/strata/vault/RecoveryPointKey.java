package io.strata.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a recovery point lives in the vault:
 * {@code <prefix>strata/<service>/<region>/<resource>/<yyyyMMdd'T'HHmmss'Z'>/}.
 */
public record RecoveryPointKey(String vaultPrefix, String service, String region, String resource, Instant time) {

    public static final String DESCRIPTOR = "recovery-point.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern LAYOUT =
            Pattern.compile("(.*?)strata/([^/]+)/([^/]+)/([^/]+)/(\\d{8}T\\d{6}Z)/?(?:recovery-point\\.json)?");

    public String prefix() {
        return vaultPrefix + "strata/" + service + "/" + region + "/" + resource + "/" + STAMP.format(time) + "/";
    }

    public String descriptorKey() {
        return prefix() + DESCRIPTOR;
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
                    + "[prefix]strata/<service>/<region>/<resource>/<yyyyMMddTHHmmssZ>/ as printed by 'strata list'");
        }
        Instant time = STAMP.parse(matcher.group(5), Instant::from);
        return new RecoveryPointKey(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), time);
    }
}
