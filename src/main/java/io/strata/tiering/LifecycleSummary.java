package io.strata.tiering;

import java.util.List;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * What an archive pass did to the vault bucket's lifecycle configuration for one plan (tiering
 * mode {@code lifecycle}, or a plan turned back to {@code copy} whose rules were removed).
 *
 * @param rules         the plan's rules in the bucket after the pass (a dry run: the rules it would put)
 * @param changed       the bucket's configuration had to change (a dry run: would have to)
 * @param removed       IDs of the plan's former rules taken out
 * @param writes        PutBucketLifecycleConfiguration (or delete) calls made
 * @param objectsTagged objects whose tags were written
 * @param note          why the pass left the rules widened, or empty
 */
public record LifecycleSummary(boolean active, List<LifecycleRule> rules, boolean changed, List<String> removed,
                               int writes, int objectsTagged, String note) {

    public LifecycleSummary {
        rules = List.copyOf(rules);
        removed = List.copyOf(removed);
    }

    /** Nothing lifecycle-related happened (copy mode, no rules of the plan in the bucket). */
    public static LifecycleSummary none() {
        return new LifecycleSummary(false, List.of(), false, List.of(), 0, 0, "");
    }

    /** The rules, one line each, as {@code strata archive} prints them. */
    public List<String> describedRules() {
        return rules.stream().map(LifecycleRules::describe).toList();
    }
}
