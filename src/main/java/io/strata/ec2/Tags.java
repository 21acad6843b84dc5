package io.strata.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The tags Strata puts on what it creates, which expiry and retries find it by. */
final class Tags {

    static final String PLAN = "strata:plan";
    static final String RECOVERY_POINT = "strata:recovery-point";
    static final String SOURCE = "strata:source";
    /** The vault bucket whose folder {@link #RECOVERY_POINT} names (absent on what older versions made). */
    static final String VAULT = "strata:vault";
    /** {@code volume}: a CreateSnapshots snapshot; {@code image}: an AMI or a snapshot behind one (same volumes). */
    static final String KIND = "strata:kind";
    /** AWS allows 50 tags per resource; Strata's own take a few. */
    private static final int MAX = 50;

    private Tags() {
    }

    static Map<String, String> of(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /** Strata's tags first, then the instance's own (aws:* are reserved: AWS rejects them), up to 50. */
    static List<Tag> strata(String recoveryPoint, String plan, String vault, Map<String, String> instanceTags,
                            Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(RECOVERY_POINT, recoveryPoint);
        if (plan != null) {
            all.put(PLAN, plan); // an ad-hoc backup (CLI, a request naming resources) has no plan: no tag, not an empty one
        }
        all.put(VAULT, vault);
        all.putAll(extra);
        instanceTags.forEach((k, v) -> {
            if (!k.startsWith("aws:") && !k.startsWith("strata:") && all.size() < MAX) {
                all.put(k, v);
            }
        });
        List<Tag> tags = new ArrayList<>();
        all.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return tags;
    }

    static TagSpecification spec(ResourceType type, List<Tag> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    static Filter recoveryPoint(String key) {
        return Filter.builder().name("tag:" + RECOVERY_POINT).values(key).build();
    }

    static Filter vault(String bucket) {
        return Filter.builder().name("tag:" + VAULT).values(bucket).build();
    }

    static Filter kind(String kind) {
        return Filter.builder().name("tag:" + KIND).values(kind).build();
    }

    static Filter source(String id) {
        return Filter.builder().name("tag:" + SOURCE).values(id).build();
    }
}
