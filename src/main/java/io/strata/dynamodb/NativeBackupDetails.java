package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.Failures;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.error.VaultException;

/**
 * What a {@code native-backup} recovery point records of its backup, under {@code details} (the table's
 * schema and settings are under {@code schema}, as for every DynamoDB recovery point).
 *
 * @param backupArn  the backup Strata made, the only one its expiry deletes
 * @param backupName the backup's name, {@link BackupNames#of} the recovery point and the vault that made it
 * @param sizeBytes  BackupSizeBytes when it became AVAILABLE
 */
public record NativeBackupDetails(String backupArn, String backupName, long sizeBytes) {

    JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    static NativeBackupDetails of(RecoveryPoint point) {
        try {
            NativeBackupDetails details = point.details() == null ? null
                    : Json.MAPPER.treeToValue(point.details(), NativeBackupDetails.class);
            if (details == null || details.backupArn() == null || details.backupArn().isBlank()) {
                throw new VaultException(point.key() + "recovery-point.json is a native-backup but records no backupArn");
            }
            return details;
        } catch (JsonProcessingException e) {
            throw new VaultException("The details in " + point.key() + "recovery-point.json are unreadable: "
                    + Failures.message(e), e);
        }
    }

    static boolean isNativeBackup(RecoveryPoint point) {
        return DynamoDbMode.NATIVE_BACKUP.word().equals(point.mode());
    }
}
