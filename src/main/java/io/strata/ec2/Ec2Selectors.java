package io.strata.ec2;

import io.strata.plan.ResourceSelector;
import io.strata.service.SelectorSyntax;
import java.util.regex.Pattern;

/** EC2 selectors: {@code instance/i-0abc…} or {@code tag/KEY=VALUE}; no prefixes (instance ids are opaque). */
public final class Ec2Selectors implements SelectorSyntax {

    /** Instance ids: i- and 8 (old) or 17 hex digits. */
    static final Pattern INSTANCE = Pattern.compile("instance/(i-(?:[0-9a-f]{8}|[0-9a-f]{17}))");

    @Override
    public String service() {
        return Ec2Service.NAME;
    }

    @Override
    public void check(ResourceSelector selector) {
        boolean valid = switch (selector.kind()) {
            case NAME -> INSTANCE.matcher(selector.value()).matches();
            case PREFIX -> false;
            case TAG -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException("'" + selector + "' is not a valid EC2 selector: expected "
                    + "ec2:instance/i-0123456789abcdef0 (i- and 8 or 17 hex digits) or ec2:tag/KEY=VALUE");
        }
    }

    /** The instance id of a resource id {@code instance/i-…}. */
    static String instanceId(String resourceId) {
        var matcher = INSTANCE.matcher(resourceId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + resourceId + "' is not an EC2 resource: expected instance/i-…");
        }
        return matcher.group(1);
    }
}
