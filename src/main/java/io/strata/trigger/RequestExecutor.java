package io.strata.trigger;

import io.strata.hold.HoldRequests;
import io.strata.thaw.ThawRetrieval;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.RestoreRequest;
import io.strata.vault.VerificationReport;
import java.util.Optional;

/**
 * Where a parsed request is carried out: the same routes the CLI and the schedules use
 * ({@code direct:run-request}, {@code direct:restore-request}, {@code direct:verify-request}), and
 * {@code direct:hold-request} / {@code direct:release-request} for legal holds.
 */
public interface RequestExecutor extends HoldRequests {

    RunReport backup(BackupRequest request);

    /**
     * What the restore made, as its service describes it; throws with the reason when it fails.
     * {@code retrieval}: how archived objects are restored first (empty: they must be readable already).
     */
    String restore(String recoveryPoint, RestoreRequest request, Optional<ThawRetrieval> retrieval);

    VerificationReport verify(String recoveryPoint, Optional<ThawRetrieval> retrieval);
}
