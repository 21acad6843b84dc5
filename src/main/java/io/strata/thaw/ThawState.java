package io.strata.thaw;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An archived object's restore, as S3's {@code x-amz-restore} header on HeadObject tells it:
 * absent (never restored, or the restored copy expired), {@code ongoing-request="true"}, or
 * {@code ongoing-request="false", expiry-date="…"} (a readable copy until then).
 */
public enum ThawState {
    NONE, ONGOING, DONE;

    private static final Pattern ONGOING_REQUEST = Pattern.compile("ongoing-request\\s*=\\s*\"(true|false)\"");

    /**
     * A header this does not understand counts as NONE: the RestoreObject that follows is then
     * answered by S3 itself (409 while ongoing, 200 over a restored copy), so nothing is lost.
     */
    public static ThawState of(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Matcher matcher = ONGOING_REQUEST.matcher(header);
        if (!matcher.find()) {
            return NONE;
        }
        return matcher.group(1).equals("true") ? ONGOING : DONE;
    }
}
