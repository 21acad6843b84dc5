package io.strata.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resource selector of a plan or a command line, {@code SERVICE:ID}: {@code dynamodb:orders},
 * {@code dynamodb:orders-*}, {@code dynamodb:tag/env=prod}, {@code rds:instance/prod-db}. Each
 * service checks what its ids look like (its {@code SelectorSyntax}); this is the shape they share.
 */
public record ResourceSelector(String service, Kind kind, String value, String tagKey) {

    public enum Kind { NAME, PREFIX, TAG }

    private static final Pattern SELECTOR = Pattern.compile("([a-z0-9]+):(.+)");
    private static final Pattern TAG = Pattern.compile("tag/([^=]{1,128})=(.{0,256})");

    public static ResourceSelector parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher selector = SELECTOR.matcher(trimmed);
        if (!selector.matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a resource selector: expected SERVICE:NAME, "
                    + "e.g. dynamodb:orders, dynamodb:orders-* or dynamodb:tag/env=prod");
        }
        String service = selector.group(1);
        String rest = selector.group(2);
        Matcher tag = TAG.matcher(rest);
        if (tag.matches()) {
            return new ResourceSelector(service, Kind.TAG, tag.group(2), tag.group(1));
        }
        if (rest.endsWith("*")) {
            return new ResourceSelector(service, Kind.PREFIX, rest.substring(0, rest.length() - 1), null);
        }
        return new ResourceSelector(service, Kind.NAME, rest, null);
    }

    @Override
    public String toString() {
        return service + ":" + pattern();
    }

    /** The selector without its service: {@code orders}, {@code orders-*}, {@code tag/env=prod}. */
    public String pattern() {
        return switch (kind) {
            case NAME -> value;
            case PREFIX -> value + "*";
            case TAG -> "tag/" + tagKey + "=" + value;
        };
    }
}
