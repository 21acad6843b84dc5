package io.strata.dynamodb;

import io.strata.plan.ResourceSelector;
import io.strata.service.SelectorSyntax;
import java.util.regex.Pattern;

/** DynamoDB selectors: a table name, a name prefix ending in {@code *}, or {@code tag/KEY=VALUE}. */
public final class DynamoDbSelectors implements SelectorSyntax {

    /** DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{0,254}");

    @Override
    public String service() {
        return DynamoDbService.NAME;
    }

    @Override
    public void check(ResourceSelector selector) {
        boolean valid = switch (selector.kind()) {
            case NAME -> TABLE_NAME.matcher(selector.value()).matches();
            case PREFIX -> TABLE_PREFIX.matcher(selector.value()).matches();
            case TAG -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException("'" + selector + "' is not a valid DynamoDB selector: a table name is 3-255 "
                    + "characters of a-z A-Z 0-9 _ . - ; a prefix ends with *; a tag selector is tag/KEY=VALUE");
        }
    }
}
