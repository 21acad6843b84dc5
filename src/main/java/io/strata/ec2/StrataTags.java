package io.strata.ec2;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The tags every snapshot and AMI of one backup attempt carries: the recovery point folder it
 * belongs to, the plan, and the vault bucket whose folder that is. A sweep of abandoned attempts
 * deletes only what names a folder of its own vault, so two Strata installations backing up the
 * same instance into two vaults never delete each other's snapshots.
 */
record StrataTags(String recoveryPoint, String plan, String vault) {

    /** Strata's tags, {@code extra} (source, kind), then the instance's own. */
    List<Tag> with(Map<String, String> instanceTags, Map<String, String> extra) {
        return Tags.strata(recoveryPoint, plan, vault, instanceTags, extra);
    }
}
