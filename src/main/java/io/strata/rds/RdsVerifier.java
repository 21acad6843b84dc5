package io.strata.rds;

import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Each snapshot a recovery point records exists, is available and still belongs to it, in its region;
 * each file its export wrote is still in the vault with its recorded size.
 */
final class RdsVerifier {

    private final RdsSnapshots snapshots;

    RdsVerifier(RdsSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    VerificationReport verify(Vault vault, RecoveryPoint point) {
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
        List<String> checked = new ArrayList<>();
        for (SnapshotRef ref : details.snapshots()) {
            snapshotProblem(point, details, ref).ifPresent(problems::add);
            checked.add(details.sourceKind().noun() + " snapshot " + ref.id() + " in " + ref.region());
        }
        long bytes = 0;
        for (DataFile file : point.files()) {
            bytes += checkStored(vault, file, problems);
        }
        return new VerificationReport(point.key(), point.files().size(), 0, bytes, problems).checking(checked);
    }

    /**
     * Why the recorded snapshot {@code ref} is not this recovery point's, available snapshot; empty
     * when it is. Restore asks the same before it restores from it.
     */
    Optional<String> snapshotProblem(RecoveryPoint point, RdsDetails details, SnapshotRef ref) {
        String where = ref.region() + ": " + details.sourceKind().noun() + " snapshot " + ref.id();
        try {
            Optional<SnapshotState> found = snapshots.find(details.sourceKind(), ref.region(), ref.id());
            if (found.isEmpty()) {
                return Optional.of(where + " does not exist");
            }
            if (!found.get().available()) {
                return Optional.of(where + " is '" + found.get().status() + "', not available");
            }
            if (!point.key().equals(found.get().tags().get(RdsBackup.TAG_RECOVERY_POINT))) {
                return Optional.of(where + " is not tagged " + RdsBackup.TAG_RECOVERY_POINT + "=" + point.key()
                        + " (another snapshot took its id?)");
            }
            return Optional.empty();
        } catch (SdkException e) {
            return Optional.of(where + " cannot be checked: " + RdsErrors.describe(e));
        }
    }

    /** HEADs an exported file (AWS wrote it: there is no digest of Strata's to read it against); returns its size. */
    private static long checkStored(Vault vault, DataFile file, List<String> problems) {
        String where = "exported file s3://" + vault.bucket() + "/" + file.key();
        try {
            long stored = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(file.key())).contentLength();
            if (file.bytes() >= 0 && stored != file.bytes()) {
                problems.add(where + " holds " + stored + " bytes, " + file.bytes() + " were recorded");
            }
            return stored;
        } catch (S3Exception e) {
            problems.add(where + (e.statusCode() == 404 ? " does not exist" : " cannot be checked: " + e.getMessage()));
        } catch (SdkException e) {
            problems.add(where + " cannot be checked: " + e.getMessage());
        }
        return 0;
    }
}
