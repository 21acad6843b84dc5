package io.strata.tiering;

import io.strata.retention.ArchivePolicy;
import io.strata.retention.GfsRetention;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The tags that put a recovery point's objects under its plan's lifecycle rules, and their writing:
 * {@code strata-plan}, {@code strata-gfs} (the class whose expiration rule applies) and
 * {@code strata-pin} ({@code true} on the descriptor and manifests, which no transition rule
 * matches). An object's other tags are kept; an object already tagged so is not written again.
 */
public final class ObjectTags {

    /** Matches no expiration rule: the newest recovery point of a resource. */
    static final String NEWEST = GfsRetention.GfsClass.NEWEST.label();
    /** Matches no expiration rule: the plan has no retention. */
    static final String UNLIMITED = "unlimited";
    /** Matches no expiration rule: Strata alone expires it (see {@link #gfsValue}). */
    static final String HELD = "held";
    /**
     * Days before its class's horizon at which a recovery point is tagged {@link #HELD}: the next
     * daily pass re-tags it before S3 could act, with one missed pass to spare.
     */
    static final long MARGIN_DAYS = 2;
    /** S3 accepts at most this many tags on an object. */
    static final int MAX_TAGS = 10;

    private ObjectTags() {
    }

    /**
     * The {@code strata-gfs} value for a kept recovery point: {@code newest} for a resource's newest;
     * otherwise the keeping class with the longest lifecycle horizon — unless the recovery point
     * holds snapshots or images outside the vault (only Strata's expiry deletes those, an S3 rule
     * would orphan them) or is within {@link #MARGIN_DAYS} of that horizon (sparse backups keep
     * it longer than one backup per period would): then {@code held}.
     */
    public static String gfsValue(String pointKey, List<GfsRetention.GfsClass> keptBy, long ageDays, ArchivePolicy policy,
                                  boolean onlyInVault) {
        if (keptBy.contains(GfsRetention.GfsClass.NEWEST)) {
            return NEWEST;
        }
        if (keptBy.contains(GfsRetention.GfsClass.UNLIMITED) || policy.retention().isEmpty()) {
            return UNLIMITED;
        }
        if (!onlyInVault) {
            return HELD;
        }
        GfsRetention.GfsClass longest = keptBy.stream()
                .max(Comparator.comparingLong(c -> LifecycleRules.horizonDays(c, policy).orElse(Long.MAX_VALUE)))
                .orElseThrow(() -> new IllegalArgumentException(pointKey + " is not kept"));
        OptionalLong horizon = LifecycleRules.horizonDays(longest, policy);
        if (horizon.isEmpty() || ageDays + MARGIN_DAYS >= horizon.getAsLong()) {
            return HELD;
        }
        return longest.label();
    }

    /** The Strata tags of one object of a recovery point of {@code plan} tagged {@code gfs}. */
    public static Map<String, String> of(StoredObject object, String plan, String gfs) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LifecycleRules.PLAN_TAG, plan);
        tags.put(LifecycleRules.GFS_TAG, gfs);
        tags.put(LifecycleRules.PIN_TAG, String.valueOf(StoredTiers.pinned(object)));
        return tags;
    }

    /** The object's tags as they are. */
    public static List<Tag> read(Vault vault, StoredObject object) {
        return vault.s3().getObjectTagging(r -> r.bucket(vault.bucket()).key(object.key())).tagSet();
    }

    /**
     * Puts {@code wanted} on the object, keeping its other tags ({@code current}, as read); writes
     * only when something differs. Returns whether it wrote.
     */
    public static boolean apply(Vault vault, StoredObject object, List<Tag> current, Map<String, String> wanted) {
        Map<String, String> merged = new LinkedHashMap<>();
        current.forEach(t -> merged.put(t.key(), t.value()));
        Map<String, String> before = new LinkedHashMap<>(merged);
        merged.putAll(wanted);
        if (merged.equals(before)) {
            return false;
        }
        if (merged.size() > MAX_TAGS) {
            throw new IllegalStateException("s3://" + vault.bucket() + "/" + object.key() + " has " + current.size()
                    + " tags: S3 allows " + MAX_TAGS + " per object, and tiering-mode=lifecycle needs " + wanted.size()
                    + " of them (" + String.join(", ", wanted.keySet()) + ")");
        }
        List<Tag> tagSet = new ArrayList<>();
        merged.forEach((key, value) -> tagSet.add(Tag.builder().key(key).value(value).build()));
        vault.s3().putObjectTagging(r -> r.bucket(vault.bucket()).key(object.key()).tagging(t -> t.tagSet(tagSet)));
        return true;
    }

    /** The value of {@code key} among the tags, or null. */
    public static String value(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }
}
