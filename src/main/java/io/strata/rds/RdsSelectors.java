package io.strata.rds;

import io.strata.plan.ResourceSelector;
import io.strata.service.SelectorSyntax;
import java.util.regex.Pattern;

/** RDS selectors: {@code instance/ID}, {@code cluster/ID} or {@code tag/KEY=VALUE}. */
public final class RdsSelectors implements SelectorSyntax {

    /** DB instance and cluster identifiers: 1-63 letters, digits and hyphens, starting with a letter. */
    static final Pattern NAME = Pattern.compile("(instance|cluster)/([a-zA-Z][a-zA-Z0-9-]{0,62})");

    @Override
    public String service() {
        return RdsService.NAME;
    }

    @Override
    public void check(ResourceSelector selector) {
        boolean valid = switch (selector.kind()) {
            case NAME -> NAME.matcher(selector.value()).matches();
            case PREFIX -> false;
            case TAG -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException("'" + selector + "' is not a valid RDS selector: expected "
                    + "rds:instance/ID, rds:cluster/ID (1-63 letters, digits and hyphens, starting with a letter) "
                    + "or rds:tag/KEY=VALUE");
        }
    }
}
