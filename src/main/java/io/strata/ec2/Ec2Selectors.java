package io.strata.ec2;

import io.strata.service.NameRule;
import io.strata.service.SelectorSyntax;
import java.util.Map;

/** EC2 selectors: {@code instance/i-0abc…} or {@code tag/KEY=VALUE}; no prefixes (instance ids are opaque). */
public final class Ec2Selectors extends SelectorSyntax {

    /** Instance ids: i- and 8 (old) or 17 hex digits. */
    static final NameRule INSTANCE = NameRule.of("EC2 instance id", "i-(?:[0-9a-f]{8}|[0-9a-f]{17})",
            "i- and 8 or 17 hex digits");

    /** A restore names no target: it launches an instance or makes a volume (Ec2Restorer says so). */
    public Ec2Selectors() {
        super(Ec2Service.NAME, "EC2", "instance", Map.of("instance/", INSTANCE), null, null,
                "expected ec2:instance/i-0123456789abcdef0 (i- and 8 or 17 hex digits) or ec2:tag/KEY=VALUE");
    }

    /** The instance id of a resource id {@code instance/i-…}. */
    static String instanceId(String resourceId) {
        if (resourceId == null || !resourceId.startsWith("instance/") || !INSTANCE.accepts(resourceId.substring(9))) {
            throw new IllegalArgumentException("'" + resourceId + "' is not an EC2 resource: expected instance/i-…");
        }
        return resourceId.substring("instance/".length());
    }
}
