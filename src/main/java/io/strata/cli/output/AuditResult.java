package io.strata.cli.output;

import io.strata.monitor.AuditControl;
import java.time.Instant;
import java.util.List;

/** What {@code strata audit} found, as of {@code asOf}: each control PASS or FAIL with its reason. */
public record AuditResult(Instant asOf, List<AuditControl> controls) {

    public AuditResult {
        controls = List.copyOf(controls);
    }

    /** No control failed: exit code 0. */
    public boolean ok() {
        return controls.stream().allMatch(AuditControl::pass);
    }
}
