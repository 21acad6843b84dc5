package io.strata.trigger;

import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.RestoreRequest;
import io.strata.vault.VerificationReport;

/**
 * Where a parsed request is carried out: the same routes the CLI and the schedules use
 * ({@code direct:run-request}, {@code direct:restore-request}, {@code direct:verify-request}).
 */
public interface RequestExecutor {

    RunReport backup(BackupRequest request);

    /** What the restore made, as its service describes it; throws with the reason when it fails. */
    String restore(String recoveryPoint, RestoreRequest request);

    VerificationReport verify(String recoveryPoint);
}
