package io.strata.service;

import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tags of a restored table or DB instance: the original's, without those a configured plan selects
 * on ({@code dynamodb:tag/env=prod}) unless {@code --keep-tags} (that plan's next run would otherwise back up
 * the restored copy as a second original), without {@code aws:*} (reserved) and Strata's own {@code strata:*},
 * plus {@code strata:restored-from=<recovery point>}. Selectors match a tag's value exactly, as DynamoDB's and
 * RDS's resolvers do (EC2 matches as DescribeInstances' filter does, in its own package).
 */
public final class RestoredTags {

    public static final String RESTORED_FROM = "strata:restored-from";
    /** DynamoDB's and RDS's limit on a tag value. */
    private static final int MAX_VALUE = 256;

    /** Declared here, once, and listed by each service whose restore reads it. */
    public static final RestoreOption KEEP_TAGS = RestoreOption.flag("keep-tags", "Also keep the tags a configured "
            + "plan selects on (left off by default, so that no plan backs up the restored table, DB instance or "
            + "server as a second copy of the original).");

    /** A tag a plan selects on: {@code <service>:tag/KEY=VALUE} in {@code strata.plan.<plan>.resources}. */
    public record Selected(String plan, String key, String value) {
    }

    private final Map<String, String> tags = new TreeMap<>();
    private final Map<String, List<String>> selected = new TreeMap<>();
    private final boolean kept;

    /**
     * @param original  the tags the source carried (at backup, or now for a live source)
     * @param from      the recovery point (or reference) restored, for {@link #RESTORED_FROM}
     * @param planTags  the tags plans select this service's resources on ({@link #selectedBy})
     * @param keepTags  {@code --keep-tags}
     */
    public RestoredTags(Map<String, String> original, String from, List<Selected> planTags, boolean keepTags) {
        this.kept = keepTags;
        new TreeMap<>(original).forEach((key, value) -> {
            if (key.startsWith("aws:") || key.startsWith("strata:")) {
                return;
            }
            List<String> plans = planTags.stream().filter(t -> t.key().equals(key) && t.value().equals(value))
                    .map(Selected::plan).distinct().toList();
            if (!plans.isEmpty()) {
                selected.put(key + "=" + value, plans);
            }
            if (plans.isEmpty() || keepTags) {
                tags.put(key, value);
            }
        });
        tags.put(RESTORED_FROM, from.length() > MAX_VALUE ? from.substring(0, MAX_VALUE - 3) + "..." : from);
    }

    /**
     * The plans' tag selectors of one service. Only their shape is read here: the plan catalog checks each
     * selector against its service's syntax and stops start-up on a bad one, naming it.
     */
    public static List<Selected> selectedBy(Properties settings, String service) {
        List<Selected> found = new ArrayList<>();
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            if (!PlanCatalog.RESOURCES.matches(key)) {
                continue;
            }
            String plan = PlanCatalog.RESOURCES.placeholderIn(key);
            for (String text : settings.getProperty(key).split(",")) {
                try {
                    ResourceSelector selector = text.isBlank() ? null : ResourceSelector.parse(text);
                    if (selector != null && selector.service().equals(service)
                            && selector.kind() == ResourceSelector.Kind.TAG) {
                        found.add(new Selected(plan, selector.tagKey(), selector.value()));
                    }
                } catch (IllegalArgumentException e) {
                    // not a selector: the plan catalog reports it
                }
            }
        }
        return List.copyOf(found);
    }

    /** What the restored resource is tagged with. */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /** The tags plans select on that the restored resource does not carry ({@code env=prod}); none with --keep-tags. */
    public List<String> dropped() {
        return kept ? List.of() : List.copyOf(selected.keySet());
    }

    /** What the user is told about the tags plans select on: dropped (and how to keep them) or kept; empty when none. */
    public String note(String restored) {
        if (selected.isEmpty()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        selected.forEach((tag, plans) -> named.add(tag + " (plan " + String.join(", ", plans) + ")"));
        if (kept) {
            return "\nKept the tags plans select on, as --keep-tags asks: " + String.join(", ", named)
                    + ": those plans back up the restored " + restored + " too";
        }
        return "\nDropped the tags plans select on, so that no plan backs up the restored " + restored + " as a second "
                + "copy of the original: " + String.join(", ", named) + " (--keep-tags keeps them)";
    }
}
