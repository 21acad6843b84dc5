package io.strata.tiering;

import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The tags that take a legally held recovery point's objects out of every lifecycle rule Strata writes. S3 rules
 * cannot exclude a tag, only require one: every Strata rule requires {@code strata-pin} to be {@code true} or
 * {@code false} and every expiration rule a GFS class in {@code strata-gfs}, so an object tagged
 * {@value #LEGAL_HOLD} in both matches none of them (no transition, no expiration), whatever its plan.
 */
public final class HoldTags {

    /** The value of {@code strata-gfs} and {@code strata-pin} on a held point's objects: no rule names it. */
    public static final String LEGAL_HOLD = "legal-hold";

    private HoldTags() {
    }

    /** Tags the object out of every rule, keeping its other tags; returns whether it wrote. */
    public static boolean hold(Vault vault, StoredObject object) {
        return ObjectTags.apply(vault, object, ObjectTags.read(vault, object),
                Map.of(LifecycleRules.GFS_TAG, LEGAL_HOLD, LifecycleRules.PIN_TAG, LEGAL_HOLD));
    }

    /**
     * Undoes {@link #hold} on an object that carries it: {@code strata-pin} back to what the object is, and
     * {@code strata-gfs=held} (no expiration rule matches it) until the next archive pass tags the point for its
     * class again. An object without the hold's tags is left as it is.
     */
    public static boolean release(Vault vault, StoredObject object) {
        List<Tag> current = ObjectTags.read(vault, object);
        if (!LEGAL_HOLD.equals(ObjectTags.value(current, LifecycleRules.PIN_TAG))) {
            return false;
        }
        return ObjectTags.apply(vault, object, current, Map.of(LifecycleRules.GFS_TAG, ObjectTags.HELD,
                LifecycleRules.PIN_TAG, String.valueOf(StoredTiers.pinned(object))));
    }

    /** Whether the tags are a hold's. */
    public static boolean held(List<Tag> tags) {
        return LEGAL_HOLD.equals(ObjectTags.value(tags, LifecycleRules.PIN_TAG));
    }
}
