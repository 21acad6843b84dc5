package io.strata.rds;

import io.strata.service.NameRule;
import io.strata.service.SelectorSyntax;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/** RDS selectors: {@code instance/ID}, {@code cluster/ID} or {@code tag/KEY=VALUE}. */
public final class RdsSelectors extends SelectorSyntax {

    /** RDS identifiers: 1-63 letters, digits and hyphens, a letter first, no two hyphens together, none last. */
    private static final String IDENTIFIER = "(?!.*--)[a-zA-Z][a-zA-Z0-9-]{0,62}(?<!-)";
    private static final String RULE = "1-63 letters, digits and hyphens, starting with a letter, without two "
            + "hyphens in a row or a hyphen at the end";
    static final NameRule INSTANCE = NameRule.of("DB instance identifier", IDENTIFIER, RULE);
    static final NameRule CLUSTER = NameRule.of("DB cluster identifier", IDENTIFIER, RULE);
    /** A restore makes an instance or a cluster, as its recovery point was; both take the same names. */
    static final NameRule TARGET = NameRule.of("DB instance or cluster identifier", IDENTIFIER, RULE);

    public RdsSelectors() {
        super(RdsService.NAME, "RDS", "DB instance or cluster", Map.of("instance/", INSTANCE, "cluster/", CLUSTER), null,
                TARGET, "expected rds:instance/ID, rds:cluster/ID (" + RULE + ") or rds:tag/KEY=VALUE");
    }

    @Override
    protected String describe(RuntimeException e) {
        return e instanceof SdkException sdk ? RdsErrors.describe(sdk) : e.getMessage();
    }
}
