package io.strata.trigger;

import io.strata.plan.ResourceSelector;
import io.strata.service.RestoreRequest;
import java.util.List;

/** A request file as parsed: one of three actions, each with only the fields it takes. */
public sealed interface TriggerRequest {

    String action();

    /** {@code {"action":"backup","plan":"nightly"}} or {@code {"action":"backup","resources":[…]}}: plan null for ad-hoc selectors. */
    record Backup(String plan, List<ResourceSelector> resources) implements TriggerRequest {
        public Backup {
            resources = List.copyOf(resources);
        }

        @Override
        public String action() {
            return "backup";
        }
    }

    /** {@code {"action":"restore","recoveryPoint":"…","target":"…", …service options}}. */
    record Restore(String recoveryPoint, RestoreRequest request) implements TriggerRequest {
        @Override
        public String action() {
            return "restore";
        }
    }

    /** {@code {"action":"verify","recoveryPoint":"…"}}. */
    record Verify(String recoveryPoint) implements TriggerRequest {
        @Override
        public String action() {
            return "verify";
        }
    }
}
