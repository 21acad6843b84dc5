package io.strata.trigger;

import io.strata.thaw.ThawRetrieval;
import io.strata.plan.ResourceSelector;
import io.strata.service.RestoreRequest;
import java.util.List;
import java.util.Optional;

/** A request file as parsed: one of its actions, each with only the fields it takes. */
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

    /**
     * {@code {"action":"restore","recoveryPoint":"…","target":"…", …service options}}, optionally
     * {@code "retrievalTier"} and {@code "restoreDays"} for archived objects (beside the service's request, not in it).
     */
    record Restore(String recoveryPoint, RestoreRequest request, Optional<ThawRetrieval> retrieval)
            implements TriggerRequest {
        public Restore(String recoveryPoint, RestoreRequest request) {
            this(recoveryPoint, request, Optional.empty());
        }

        @Override
        public String action() {
            return "restore";
        }
    }

    /** {@code {"action":"hold","recoveryPoint":"…","reason":"…"}}: a legal hold (README "Legal holds"). */
    record Hold(String recoveryPoint, String reason) implements TriggerRequest {
        @Override
        public String action() {
            return "hold";
        }
    }

    /** {@code {"action":"release","recoveryPoint":"…"}}: every legal hold on the point ended. */
    record Release(String recoveryPoint) implements TriggerRequest {
        @Override
        public String action() {
            return "release";
        }
    }

    /** {@code {"action":"verify","recoveryPoint":"…"}}, optionally {@code "retrievalTier"} and {@code "restoreDays"}. */
    record Verify(String recoveryPoint, Optional<ThawRetrieval> retrieval) implements TriggerRequest {
        public Verify(String recoveryPoint) {
            this(recoveryPoint, Optional.empty());
        }

        @Override
        public String action() {
            return "verify";
        }
    }
}
