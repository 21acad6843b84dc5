package io.strata.tiering;

import io.strata.retention.ArchivePolicy;
import io.strata.retention.GfsRetention;
import io.strata.retention.TierPolicy;
import io.strata.vault.StorageTier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;

/**
 * The bucket lifecycle rules that carry out one plan's policy in tiering mode {@code lifecycle}:
 * one transition rule for the plan's data objects (tag {@code strata-pin=false}, at least
 * {@code tiering-min-size}), and per GFS class that has an age horizon, one expiration rule for
 * the data and one, a day earlier, for the pinned objects (descriptor and manifests), so that S3
 * removes the commit before the data and a half-expired recovery point never looks valid.
 *
 * <p>Horizons are counted from object creation, as S3 does, and assume at least one backup per
 * period: {@code daily=N} → N+1 days, {@code weekly=N} → 7(N+1), {@code monthly=N} → 31(N+1),
 * {@code yearly=N} → 366(N+1), {@code max-age=Dd} → D+1. No GFS rule keeps a recovery point
 * longer under that assumption; one that sparse backups keep longer is tagged {@code held}
 * (see {@link ObjectTags}) and matches no expiration rule.
 */
public final class LifecycleRules {

    /** Every rule Strata writes has an ID starting with this; a rule without it is never touched. */
    static final String ID_PREFIX = "strata-";
    static final String PLAN_TAG = "strata-plan";
    public static final String GFS_TAG = "strata-gfs";
    public static final String PIN_TAG = "strata-pin";
    /** S3 limit per bucket lifecycle configuration. */
    static final int MAX_RULES = 1000;

    private LifecycleRules() {
    }

    /** The rules the policy wants, in a stable order: the transition rule, then each class's two expirations. */
    public static List<LifecycleRule> desired(ArchivePolicy policy, String vaultPrefix) {
        List<LifecycleRule> rules = new ArrayList<>();
        List<TierPolicy.Step> steps = policy.tiering().objectSteps();
        if (!steps.isEmpty()) {
            rules.add(LifecycleRule.builder().id(id(policy.plan(), "tier", vaultPrefix)).status(ExpirationStatus.ENABLED)
                    .filter(filter(vaultPrefix, tags(PLAN_TAG, policy.plan(), PIN_TAG, "false"),
                            policy.minObjectBytes() > 0 ? policy.minObjectBytes() - 1 : null))
                    .transitions(steps.stream().map(s -> Transition.builder().days(s.days())
                            .storageClass(s.tier().name()).build()).toList())
                    .build());
        }
        for (GfsRetention.GfsClass gfsClass : GfsRetention.GfsClass.values()) {
            OptionalLong days = horizonDays(gfsClass, policy);
            if (days.isEmpty()) {
                continue;
            }
            String label = gfsClass.label();
            rules.add(expiration(id(policy.plan(), label + "-expire", vaultPrefix), vaultPrefix,
                    tags(PLAN_TAG, policy.plan(), GFS_TAG, label, PIN_TAG, "false"), days.getAsLong()));
            rules.add(expiration(id(policy.plan(), label + "-pinned-expire", vaultPrefix), vaultPrefix,
                    tags(PLAN_TAG, policy.plan(), GFS_TAG, label, PIN_TAG, "true"), days.getAsLong() - 1));
        }
        return rules;
    }

    /**
     * Days from creation after which S3 may expire a recovery point kept by {@code gfsClass}; empty
     * for a class that never expires by age (newest, no retention) or that the policy does not have.
     */
    public static OptionalLong horizonDays(GfsRetention.GfsClass gfsClass, ArchivePolicy policy) {
        return GfsRetention.horizonDays(gfsClass, policy.retention());
    }

    /**
     * Whether the rule is one Strata wrote for {@code plan} in this vault: its ID starts with
     * {@code strata-} and its filter names the plan's tag under the vault's prefix. Everything
     * else in the bucket's configuration belongs to someone else.
     */
    public static boolean ownedBy(LifecycleRule rule, String plan, String vaultPrefix) {
        if (rule.id() == null || !rule.id().startsWith(ID_PREFIX) || rule.filter() == null
                || rule.filter().and() == null) {
            return false;
        }
        LifecycleRuleAndOperator and = rule.filter().and();
        return (vaultPrefix + "strata/").equals(and.prefix())
                && and.tags().stream().anyMatch(t -> t.key().equals(PLAN_TAG) && t.value().equals(plan));
    }

    /** Whether two rules say the same to S3 (tags in any order), so that a rerun writes nothing. */
    static boolean same(LifecycleRule a, LifecycleRule b) {
        return normalized(a).equals(normalized(b));
    }

    static boolean same(List<LifecycleRule> a, List<LifecycleRule> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The days after which a rule expires current objects, if it does. */
    public static OptionalLong expirationDays(LifecycleRule rule) {
        return rule.expiration() != null && rule.expiration().days() != null
                ? OptionalLong.of(rule.expiration().days()) : OptionalLong.empty();
    }

    /** One line per rule, as {@code strata archive} prints it. */
    public static String describe(LifecycleRule rule) {
        StringBuilder text = new StringBuilder(rule.id()).append(": ");
        LifecycleRuleFilter filter = rule.filter();
        if (filter != null && filter.and() != null) {
            LifecycleRuleAndOperator and = filter.and();
            text.append("prefix ").append(and.prefix()).append(", tags ")
                    .append(and.tags().stream().map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(",")));
            if (and.objectSizeGreaterThan() != null) {
                text.append(", size > ").append(and.objectSizeGreaterThan()).append(" B");
            }
        }
        if (rule.hasTransitions()) {
            text.append(" -> ").append(rule.transitions().stream().map(t -> t.days() + "d " + t.storageClassAsString())
                    .collect(Collectors.joining(", ")));
        }
        expirationDays(rule).ifPresent(days -> text.append(" -> expire after ").append(days).append("d"));
        return text.toString();
    }

    private static LifecycleRule expiration(String id, String vaultPrefix, List<Tag> tags, long days) {
        // A versioned bucket keeps the version an expiration hides: it goes a day later, or it would keep paying.
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(filter(vaultPrefix, tags, null))
                .expiration(e -> e.days(Math.toIntExact(days)))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                .build();
    }

    private static LifecycleRuleFilter filter(String vaultPrefix, List<Tag> tags, Long sizeGreaterThan) {
        return LifecycleRuleFilter.builder().and(LifecycleRuleAndOperator.builder().prefix(vaultPrefix + "strata/")
                .tags(tags).objectSizeGreaterThan(sizeGreaterThan).build()).build();
    }

    private static List<Tag> tags(String... keysAndValues) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.add(Tag.builder().key(keysAndValues[i]).value(keysAndValues[i + 1]).build());
        }
        return tags;
    }

    /**
     * {@code strata-<plan>-<kind>}; under a vault prefix, a digest of it is appended, so that two
     * vaults sharing a bucket, with plans of the same name, never claim one ID (S3 wants IDs unique).
     */
    static String id(String plan, String kind, String vaultPrefix) {
        String id = ID_PREFIX + plan + "-" + kind;
        return vaultPrefix.isEmpty() ? id : id + "-" + digest(vaultPrefix);
    }

    private static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The rule with its filter's tags in one order: S3 gives them no order, so neither does a comparison. */
    private static LifecycleRule normalized(LifecycleRule rule) {
        if (rule.filter() == null || rule.filter().and() == null || !rule.filter().and().hasTags()) {
            return rule;
        }
        LifecycleRuleAndOperator and = rule.filter().and();
        List<Tag> sorted = and.tags().stream().sorted(Comparator.comparing(Tag::key).thenComparing(Tag::value))
                .toList();
        return rule.toBuilder().filter(rule.filter().toBuilder().and(and.toBuilder().tags(sorted).build()).build()).build();
    }
}
