package io.strata.vault;

import io.strata.text.Printable;

/**
 * The parts Strata puts into a vault key it writes (service, region, resource path, target): each
 * {@code /}-separated segment must be a plain name. A segment {@code ..} or {@code .} would make a
 * key that tools mapping keys to paths (aws s3 sync, a restore to disk) resolve outside its folder,
 * an empty one a key S3 consoles cannot show, a control or bidi character a key that prints as
 * another. Names are checked as AWS checks them where they come in; this is the last check before a write.
 */
public final class KeySegments {

    private KeySegments() {
    }

    /** A single segment: no {@code /} inside. */
    public static String segment(String what, String value) {
        if (value != null && value.indexOf('/') >= 0) {
            throw refused(what, value, "holds a /");
        }
        return path(what, value);
    }

    /** A path of segments ({@code instance/db-1}): each one checked. */
    public static String path(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw refused(what, String.valueOf(value), "is empty");
        }
        if (!Printable.isPrintable(value)) {
            throw refused(what, value, "holds a control or bidi character");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(what, value, "has an empty, '.' or '..' segment");
            }
        }
        return value;
    }

    private static IllegalArgumentException refused(String what, String value, String why) {
        return new IllegalArgumentException("Not writing a vault key whose " + what + " '" + Printable.of(value) + "' "
                + why + " (each part of a key must be a plain name)");
    }
}
