package io.strata.cli.output;

import io.strata.cluster.ClusterStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@code strata cluster status} read, as of {@code now}: a node is late (taken for dead) against this instant.
 */
public record ClusterStatusResult(Instant now, List<ClusterStatus.Node> nodes) {

    public ClusterStatusResult {
        nodes = List.copyOf(nodes);
    }

    /** No node late: exit code 0. */
    public boolean ok() {
        return nodes.stream().noneMatch(node -> node.late(now));
    }
}
