package io.strata.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resource selector of a plan or a command line: {@code dynamodb:orders},
 * {@code dynamodb:orders-*} or {@code dynamodb:tag/env=prod}.
 */
public record ResourceSelector(String service, Kind kind, String value, String tagKey) {

    public enum Kind { NAME, PREFIX, TAG }

    /** DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{0,254}\\*");
    private static final Pattern TAG = Pattern.compile("tag/([^=]{1,128})=(.{0,256})");

    public static ResourceSelector parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a resource selector: expected SERVICE:NAME, "
                    + "e.g. dynamodb:orders, dynamodb:orders-* or dynamodb:tag/env=prod");
        }
        String service = trimmed.substring(0, colon);
        String rest = trimmed.substring(colon + 1);
        if (!service.equals("dynamodb")) {
            throw new IllegalArgumentException("'" + trimmed + "': service '" + service
                    + "' is not supported yet (supported: dynamodb)");
        }
        Matcher tag = TAG.matcher(rest);
        if (tag.matches()) {
            return new ResourceSelector(service, Kind.TAG, tag.group(2), tag.group(1));
        }
        if (TABLE_PREFIX.matcher(rest).matches()) {
            return new ResourceSelector(service, Kind.PREFIX, rest.substring(0, rest.length() - 1), null);
        }
        if (TABLE_NAME.matcher(rest).matches()) {
            return new ResourceSelector(service, Kind.NAME, rest, null);
        }
        throw new IllegalArgumentException("'" + trimmed + "' is not a valid DynamoDB selector: a table name is 3-255 "
                + "characters of a-z A-Z 0-9 _ . - ; a prefix ends with *; a tag selector is tag/KEY=VALUE");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NAME -> service + ":" + value;
            case PREFIX -> service + ":" + value + "*";
            case TAG -> service + ":tag/" + tagKey + "=" + value;
        };
    }
}
