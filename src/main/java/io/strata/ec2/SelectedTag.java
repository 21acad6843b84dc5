package io.strata.ec2;

import java.util.regex.Pattern;

/**
 * A tag a plan selects EC2 instances on ({@code ec2:tag/KEY=VALUE} in {@code strata.plan.<plan>.resources}).
 * The value is matched as DescribeInstances matches a {@code tag:KEY} filter: case-sensitive, with {@code *}
 * for any characters and {@code ?} for one.
 */
record SelectedTag(String plan, String key, String value) {

    boolean matches(String tagKey, String tagValue) {
        return key.equals(tagKey) && tagValue != null && glob(value).matcher(tagValue).matches();
    }

    private static Pattern glob(String filter) {
        StringBuilder regex = new StringBuilder();
        for (char c : filter.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return key + "=" + value + " (plan " + plan + ")";
    }
}
