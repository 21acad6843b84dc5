package io.strata.dynamodb;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.attempt.AttemptLease;
import java.time.Instant;

/**
 * One on-demand backup between the steps of {@code backup-dynamodb}: what {@link NativeBackup#create}
 * began (schema, key, lease, the backup asked for) and, after {@link NativeBackup#await}, its size.
 */
public record NativeBackupAttempt(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease,
                                  Instant started, String backupArn, String backupName, long sizeBytes) {

    NativeBackupAttempt available(long size) {
        return new NativeBackupAttempt(schema, key, plan, lease, started, backupArn, backupName, size);
    }

    String table() {
        return schema.tableName();
    }
}
