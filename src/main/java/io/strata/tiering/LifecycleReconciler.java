package io.strata.tiering;

import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Brings one plan's rules in the vault bucket's lifecycle configuration in line with what its
 * policy wants: reads the configuration, replaces the plan's own rules (see
 * {@link LifecycleRules#ownedBy}) in place, keeps every other rule exactly as read, and writes it
 * back only when something changed. The read comes right before the write, so another writer's
 * change can only be lost inside that short window; a rule of another plan lost so is put back by
 * that plan's next pass, and until then its objects simply stay where they are.
 */
public final class LifecycleReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleReconciler.class);

    /**
     * How far to go: {@code WIDEN} keeps, for each rule the bucket already has, the later of its
     * expiration and the new one, and keeps rules the policy no longer has; {@code EXACT} writes
     * the policy's rules as they are. Widening first, then tagging, then the exact rules means that
     * a pass killed anywhere leaves rules that expire no object earlier than either policy would.
     */
    public enum Step { WIDEN, EXACT }

    /**
     * What a reconciliation found and did.
     *
     * @param rules   the plan's rules as they are (or, in a dry run, would be) after it
     * @param changed the configuration differed from them (and, unless a dry run, was written)
     * @param removed IDs of the plan's rules that are gone from it
     */
    public record Result(List<LifecycleRule> rules, boolean changed, List<String> removed) {
    }

    public Result reconcile(Vault vault, String plan, List<LifecycleRule> desired, Step step, boolean write) {
        GetBucketLifecycleConfigurationResponse current = read(vault);
        List<LifecycleRule> rules = current == null ? List.of() : current.rules();
        List<LifecycleRule> owned = rules.stream().filter(r -> LifecycleRules.ownedBy(r, plan, vault.prefix())).toList();
        List<LifecycleRule> target = step == Step.WIDEN ? widen(owned, desired) : desired;
        Set<String> targetIds = target.stream().map(LifecycleRule::id).collect(Collectors.toSet());
        rules.stream().filter(r -> !LifecycleRules.ownedBy(r, plan, vault.prefix()) && targetIds.contains(r.id()))
                .findFirst().ifPresent(r -> {
                    throw new IllegalStateException("The lifecycle rule '" + r.id() + "' of s3://" + vault.bucket()
                            + " has an ID Strata needs for plan " + plan + " but is not Strata's (its filter does not name "
                            + LifecycleRules.PLAN_TAG + "=" + plan + " under " + vault.prefix() + "strata/): rename it");
                });
        List<LifecycleRule> merged = merge(rules, plan, vault.prefix(), target);
        if (merged.size() > LifecycleRules.MAX_RULES) {
            throw new IllegalStateException("s3://" + vault.bucket() + " would have " + merged.size() + " lifecycle rules; "
                    + "S3 allows " + LifecycleRules.MAX_RULES);
        }
        boolean changed = !LifecycleRules.same(rules, merged);
        List<String> removed = owned.stream().map(LifecycleRule::id).filter(id -> !targetIds.contains(id)).toList();
        if (changed && write) {
            write(vault, merged, current);
            LOG.info("Lifecycle rules of plan {} in s3://{} {}: {}", plan, vault.bucket(),
                    LifecycleRules.same(target, desired) ? "set" : "widened", target.stream().map(LifecycleRule::id).toList());
        }
        return new Result(target, changed, removed);
    }

    /**
     * The new rules, each expiring no earlier than the rule of the same ID already in place, plus
     * the plan's rules the policy no longer has (objects may still carry their tags).
     */
    static List<LifecycleRule> widen(List<LifecycleRule> owned, List<LifecycleRule> desired) {
        Map<String, LifecycleRule> before = new LinkedHashMap<>();
        owned.forEach(r -> before.put(r.id(), r));
        List<LifecycleRule> widened = new ArrayList<>();
        for (LifecycleRule rule : desired) {
            LifecycleRule old = before.remove(rule.id());
            OptionalLong oldDays = old == null ? OptionalLong.empty() : LifecycleRules.expirationDays(old);
            OptionalLong newDays = LifecycleRules.expirationDays(rule);
            boolean keepOld = old != null && newDays.isPresent()
                    && (oldDays.isEmpty() || oldDays.getAsLong() > newDays.getAsLong());
            widened.add(keepOld ? rule.toBuilder().expiration(old.expiration()).build() : rule);
        }
        widened.addAll(before.values());
        return widened;
    }

    /** The bucket's rules with the plan's replaced by {@code target}, where the first of them was (else at the end). */
    static List<LifecycleRule> merge(List<LifecycleRule> rules, String plan, String vaultPrefix, List<LifecycleRule> target) {
        List<LifecycleRule> merged = new ArrayList<>();
        boolean placed = false;
        for (LifecycleRule rule : rules) {
            if (!LifecycleRules.ownedBy(rule, plan, vaultPrefix)) {
                merged.add(rule);
            } else if (!placed) {
                merged.addAll(target);
                placed = true;
            }
        }
        if (!placed) {
            merged.addAll(target);
        }
        return merged;
    }

    /** The bucket's configuration, or null when it has none. */
    private static GetBucketLifecycleConfigurationResponse read(Vault vault) {
        try {
            return vault.s3().getBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()));
        } catch (S3Exception e) {
            if (e.awsErrorDetails() != null && "NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    private static void write(Vault vault, List<LifecycleRule> rules, GetBucketLifecycleConfigurationResponse current) {
        if (rules.isEmpty()) {
            vault.s3().deleteBucketLifecycle(r -> r.bucket(vault.bucket()));
            return;
        }
        PutBucketLifecycleConfigurationRequest.Builder put = PutBucketLifecycleConfigurationRequest.builder()
                .bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(rules));
        if (current != null && current.transitionDefaultMinimumObjectSizeAsString() != null) {
            // A setting of the whole configuration, the other rules' as much as ours: kept as it was.
            put.transitionDefaultMinimumObjectSize(current.transitionDefaultMinimumObjectSizeAsString());
        }
        vault.s3().putBucketLifecycleConfiguration(put.build());
    }
}
