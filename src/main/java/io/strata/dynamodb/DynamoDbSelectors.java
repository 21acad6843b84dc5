package io.strata.dynamodb;

import io.strata.service.NameRule;
import io.strata.service.SelectorSyntax;
import java.util.Map;

/** DynamoDB selectors: a table name, a name prefix ending in {@code *}, or {@code tag/KEY=VALUE}. */
public final class DynamoDbSelectors extends SelectorSyntax {

    /** DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]. */
    public static final NameRule TABLE = NameRule.of("DynamoDB table name", "[a-zA-Z0-9_.-]{3,255}",
            "3-255 characters of a-z A-Z 0-9 _ . -");
    private static final NameRule PREFIX = NameRule.of("DynamoDB table name prefix", "[a-zA-Z0-9_.-]{0,254}",
            "at most 254 characters of a-z A-Z 0-9 _ . -");

    public DynamoDbSelectors() {
        super(DynamoDbService.NAME, "DynamoDB", "table", Map.of("", TABLE), PREFIX, TABLE,
                "a table name is 3-255 characters of a-z A-Z 0-9 _ . - ; a prefix ends with *; a tag selector is "
                        + "tag/KEY=VALUE");
    }
}
