package io.strata.dynamodb;

import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;

/**
 * A {@code native-backup} recovery point's backup, as verify and expiry see it: it must exist, be AVAILABLE
 * and be the backup Strata made of this table (its name {@link BackupNames#of} the recovery point, its
 * source table's name and ARN those recorded). Expiry deletes it only then: a descriptor edited to name
 * someone else's backup deletes nothing.
 */
final class NativeBackupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(NativeBackupCheck.class);

    private final DynamoDbClient dynamoDb;

    NativeBackupCheck(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    VerificationReport verify(RecoveryPoint point) {
        NativeBackupDetails details = NativeBackupDetails.of(point);
        List<String> problems = new ArrayList<>();
        Optional<BackupDescription> found = describe(details.backupArn());
        if (found.isEmpty()) {
            problems.add("on-demand backup " + details.backupArn() + " not found (deleted outside Strata?)");
        } else {
            problems.addAll(notOurs(point, details, found.get()));
            BackupStatus status = found.get().backupDetails().backupStatus();
            if (status != BackupStatus.AVAILABLE) {
                problems.add("on-demand backup " + details.backupArn() + " is " + found.get().backupDetails()
                        .backupStatusAsString() + ", not AVAILABLE");
            }
        }
        return new VerificationReport(point.key(), 0, point.itemCount(), point.bytes(), problems)
                .checking(List.of("DynamoDB on-demand backup " + details.backupName() + " in " + point.region()));
    }

    /** Deletes the backup the recovery point records, if it is the one Strata made; gone already is done. */
    void expire(RecoveryPoint point) {
        NativeBackupDetails details = NativeBackupDetails.of(point);
        Optional<BackupDescription> found = describe(details.backupArn());
        if (found.isEmpty()) {
            return;
        }
        List<String> problems = notOurs(point, details, found.get());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Not deleting on-demand backup " + details.backupArn() + " of "
                    + point.key() + ": " + String.join("; ", problems));
        }
        try {
            dynamoDb.deleteBackup(r -> r.backupArn(details.backupArn()));
        } catch (BackupNotFoundException gone) {
            return;
        } catch (RuntimeException e) {
            throw NativeErrors.explain("DeleteBackup " + details.backupArn(), e);
        }
        LOG.info("Deleted on-demand backup {} of {}", details.backupArn(), point.key());
    }

    private Optional<BackupDescription> describe(String arn) {
        try {
            return Optional.of(dynamoDb.describeBackup(r -> r.backupArn(arn)).backupDescription());
        } catch (BackupNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw NativeErrors.explain("DescribeBackup " + arn, e);
        }
    }

    private static List<String> notOurs(RecoveryPoint point, NativeBackupDetails details, BackupDescription backup) {
        List<String> problems = new ArrayList<>();
        String name = backup.backupDetails().backupName();
        // The vault part of the name is the vault that made it: a copy in a plan's second vault names the same backup.
        if (!BackupNames.names(details.backupName(), RecoveryPointKey.parse(point.key()))
                || !details.backupName().equals(name)) {
            problems.add("backup " + details.backupArn() + " is named '" + name + "', not '" + details.backupName()
                    + "', the name Strata gives this recovery point's");
        }
        String table = backup.sourceTableDetails() == null ? null : backup.sourceTableDetails().tableName();
        if (!point.resourceId().equals(table)) {
            problems.add("backup " + details.backupArn() + " is of table " + table + ", not " + point.resourceId());
        }
        String arn = backup.sourceTableDetails() == null ? null : backup.sourceTableDetails().tableArn();
        String recordedArn = TableSchema.of(point).map(TableSchema::tableArn).orElse(null);
        if (recordedArn != null && !recordedArn.equals(arn)) {
            problems.add("backup " + details.backupArn() + " is of table ARN " + arn + ", not " + recordedArn);
        }
        return problems;
    }
}
