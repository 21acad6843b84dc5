package io.strata.cli.output;

import io.strata.monitor.ResourceState;
import java.time.Instant;
import java.util.List;

/** What {@code strata status} found, as of {@code asOf}: one state per resource of the plans asked for. */
public record StatusResult(Instant asOf, List<ResourceState> resources) {

    public StatusResult {
        resources = List.copyOf(resources);
    }

    /** Every resource OK: exit code 0. */
    public boolean ok() {
        return resources.stream().allMatch(ResourceState::ok);
    }
}
