package io.strata.ec2;

import io.strata.service.RestoredTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The tags of a relaunched server: the original's, without those a configured plan selects instances on
 * (the clone would otherwise be backed up by that plan as a second copy of the original) unless
 * {@code --keep-tags}, without {@code aws:*} (reserved) and Strata's own {@code strata:*}, plus
 * {@code strata:restored-from=<recovery point>}.
 */
final class LaunchTags {

    static final String RESTORED_FROM = RestoredTags.RESTORED_FROM;

    private final List<Tag> tags = new ArrayList<>();
    private final Map<String, List<SelectedTag>> selected = new TreeMap<>();
    private final boolean kept;

    LaunchTags(Map<String, String> original, String recoveryPoint, List<SelectedTag> planTags, boolean keepTags) {
        this.kept = keepTags;
        new TreeMap<>(original).forEach((key, value) -> {
            if (key.startsWith("aws:") || key.startsWith("strata:")) {
                return;
            }
            List<SelectedTag> by = planTags.stream().filter(t -> t.matches(key, value)).toList();
            if (!by.isEmpty()) {
                selected.put(key + "=" + value, by);
            }
            if (by.isEmpty() || keepTags) {
                tags.add(Tag.builder().key(key).value(value).build());
            }
        });
        tags.add(Tag.builder().key(RESTORED_FROM).value(recoveryPoint).build());
    }

    List<Tag> tags() {
        return tags;
    }

    /** What the user is told about the tags plans select on: dropped (and how to keep them) or kept. */
    String note(boolean dryRun) {
        if (selected.isEmpty()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        selected.forEach((tag, by) -> named.add(tag + " (plan " + String.join(", ",
                by.stream().map(SelectedTag::plan).distinct().toList()) + ")"));
        if (kept) {
            return "\nKept the tags plans select on, as --keep-tags asks: " + String.join(", ", named)
                    + (dryRun ? ": those plans would back up the new instance too" : ": those plans back up the new "
                    + "instance too");
        }
        return "\n" + (dryRun ? "Would not copy" : "Not copied") + " the tags plans select on, so that no plan backs up "
                + "the new instance as a second copy of the original: " + String.join(", ", named)
                + " (--keep-tags keeps them)";
    }
}
