package io.strata.rds;

import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/** Each snapshot a recovery point records exists, is available and still belongs to it, in its region. */
final class RdsVerifier {

    private final RdsSnapshots snapshots;

    RdsVerifier(RdsSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    VerificationReport verify(RecoveryPoint point) {
        List<String> problems = new ArrayList<>();
        RdsDetails details;
        try {
            details = RdsDetails.of(point);
        } catch (IllegalArgumentException e) {
            return new VerificationReport(point.key(), 0, 0, 0, List.of(e.getMessage()));
        }
        if (details.snapshots().isEmpty()) {
            problems.add("no snapshot is recorded");
        }
        for (SnapshotRef ref : details.snapshots()) {
            String where = ref.region() + ": " + details.sourceKind().noun() + " snapshot " + ref.id();
            try {
                Optional<SnapshotState> found = snapshots.find(details.sourceKind(), ref.region(), ref.id());
                if (found.isEmpty()) {
                    problems.add(where + " does not exist");
                } else if (!found.get().available()) {
                    problems.add(where + " is '" + found.get().status() + "', not available");
                } else if (!point.key().equals(found.get().tags().get(RdsBackup.TAG_RECOVERY_POINT))) {
                    problems.add(where + " is not tagged " + RdsBackup.TAG_RECOVERY_POINT + "=" + point.key()
                            + " (another snapshot took its id?)");
                }
            } catch (SdkException e) {
                problems.add(where + " cannot be checked: " + RdsErrors.describe(e));
            }
        }
        return new VerificationReport(point.key(), details.snapshots().size(), 0, 0, problems);
    }
}
