package io.strata.service;

import io.strata.text.Printable;
import java.util.regex.Pattern;

/**
 * The names AWS accepts for one kind of resource (a DynamoDB table, a DB instance identifier, an EC2
 * instance id), declared by the service that owns it. Checked wherever a name comes in (selectors,
 * restore targets, names a listing returns), so a name AWS would refuse never reaches a call or a
 * vault key. Patterns are ASCII: a full-width digit is not a digit here, as it is not for AWS.
 *
 * @param what  what the name names, for messages: "DynamoDB table name"
 * @param rule  the rule as a user reads it: "3-255 characters of a-z A-Z 0-9 _ . -"
 */
public record NameRule(String what, Pattern pattern, String rule) {

    public static NameRule of(String what, String regex, String rule) {
        return new NameRule(what, Pattern.compile(regex), rule);
    }

    public boolean accepts(String name) {
        return name != null && pattern.matcher(name).matches();
    }

    /** Throws naming the field or option the name came in, the name (escaped) and the rule. */
    public void check(String field, String name) {
        if (!accepts(name)) {
            throw new IllegalArgumentException(field + " " + quoted(name) + " is not a valid " + what + ": " + rule);
        }
    }

    /** Why {@code name} is refused, for a resource skipped after a listing. */
    public String refusal(String name) {
        return quoted(name) + " is not a valid " + what + " (" + rule + ")";
    }

    private static String quoted(String name) {
        return name == null ? "(none)" : "'" + Printable.of(name) + "'";
    }
}
