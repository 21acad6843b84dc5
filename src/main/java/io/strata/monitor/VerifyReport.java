package io.strata.monitor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What one verify pass found: one state per resource of every plan. */
public record VerifyReport(List<ResourceState> states) {

    public VerifyReport {
        states = List.copyOf(states);
    }

    public boolean ok() {
        return states.stream().allMatch(ResourceState::ok);
    }

    /** {@code Verify: 3 resource(s), OK 2, STALE 1}. */
    public String summary() {
        Map<ResourceStatus, Long> counts = states.stream()
                .collect(Collectors.groupingBy(ResourceState::status, TreeMap::new, Collectors.counting()));
        return "Verify: " + states.size() + " resource(s)" + counts.entrySet().stream()
                .map(e -> ", " + e.getKey() + " " + e.getValue()).collect(Collectors.joining());
    }
}
