package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.attempt.AttemptTiming;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * Deletes the on-demand backups that attempts which never committed left behind (killed mid-wait, or a
 * backup still CREATING when its attempt failed). A backup is deleted only when its name is the one
 * {@link BackupNames} derives from a folder of this vault (its name says which vault) and region whose attempt is
 * {@link AttemptStatus.State#ABANDONED}: never a committed recovery point's, a running attempt's, another
 * vault's, or a backup someone else made.
 */
final class NativeBackupSweep {

    private static final Logger LOG = LoggerFactory.getLogger(NativeBackupSweep.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final String region;
    private final AttemptStatus status;
    private final String vaultId;

    NativeBackupSweep(DynamoDbClient dynamoDb, Vault vault, String region, AttemptTiming timing, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.region = region;
        this.status = new AttemptStatus(vault, timing, clock);
        this.vaultId = BackupNames.vaultId(vault.bucket(), vault.prefix());
    }

    /**
     * The abandoned attempts' backups of {@code table} (of every table when null), {@code own} never;
     * returns how many were deleted. Never fails: what it cannot list or delete is logged for the next sweep.
     */
    int sweepQuietly(String table, String own) {
        int deleted = 0;
        try {
            String next = null;
            do {
                String start = next;
                var page = dynamoDb.listBackups(r -> r.backupType(BackupTypeFilter.USER).tableName(table)
                        .exclusiveStartBackupArn(start));
                for (BackupSummary backup : page.backupSummaries()) {
                    Optional<RecoveryPointKey> key = BackupNames.folder(backup.backupName(), vaultId, vault.prefix(),
                            region, backup.tableName()).filter(k -> !k.prefix().equals(own));
                    if (key.isPresent() && status.of(key.get()) == AttemptStatus.State.ABANDONED
                            && delete(backup.backupArn(), key.get().prefix())) {
                        deleted++;
                    }
                }
                next = page.lastEvaluatedBackupArn();
            } while (next != null);
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep the on-demand backups of abandoned DynamoDB attempts{} ({}); the next backup or "
                    + "archive pass tries again", table == null ? "" : " of " + table, Failures.reason(e));
        }
        return deleted;
    }

    /** Deletes one backup of the attempt {@code folder}; false (logged) when DynamoDB will not yet. */
    boolean delete(String backupArn, String folder) {
        try {
            dynamoDb.deleteBackup(r -> r.backupArn(backupArn));
            LOG.warn("Deleted on-demand backup {}: its attempt {} never committed", backupArn, folder);
            return true;
        } catch (BackupNotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not delete on-demand backup {} of the attempt {} that never committed ({}); the next backup "
                    + "or archive pass tries again", backupArn, folder, Failures.reason(e));
            return false;
        }
    }
}
