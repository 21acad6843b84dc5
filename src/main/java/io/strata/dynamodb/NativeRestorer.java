package io.strata.dynamodb;

import io.strata.service.RestoredTags;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Restores made by DynamoDB itself into a new table: from a {@code native-backup} recovery point's backup
 * (RestoreTableFromBackup) and from a live table's point-in-time recovery (RestoreTableToPointInTime).
 * The table's KMS key goes with the call ({@code SSESpecificationOverride}); once it is ACTIVE,
 * {@link TableSettingsReapply} puts back what AWS leaves off (TTL, stream, tags, PITR), so that every
 * restore, Strata's or AWS's, ends with the same settings.
 */
final class NativeRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(NativeRestorer.class);

    private final DynamoDbClient dynamoDb;
    private final NativeSettings settings;
    private final Waiter waiter;
    private final List<RestoredTags.Selected> planTags;

    NativeRestorer(DynamoDbClient dynamoDb, NativeSettings settings, Waiter waiter, List<RestoredTags.Selected> planTags) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
        this.waiter = waiter;
        this.planTags = planTags;
    }

    /** RestoreTableFromBackup of the backup the recovery point records, then the recorded settings. */
    String fromBackup(RecoveryPoint point, String target, boolean keepTags) {
        NativeBackupDetails backup = NativeBackupDetails.of(point);
        TableSchema schema = TableSchema.of(point).orElseThrow(() -> new IllegalStateException(point.key()
                + "recovery-point.json records no schema: its table settings cannot be put back"));
        refuseExisting(target);
        String what = "RestoreTableFromBackup " + backup.backupArn() + " into " + target;
        LOG.info("{}", what);
        try {
            dynamoDb.restoreTableFromBackup(r -> r.backupArn(backup.backupArn()).targetTableName(target)
                    .sseSpecificationOverride(sse(schema)));
        } catch (RuntimeException e) {
            throw NativeErrors.explain(what, e);
        }
        RestoredTags tags = new RestoredTags(schema.tags(), point.key(), planTags, keepTags);
        finish(target, schema, tags);
        return "Restored " + point.resourceId() + " from on-demand backup " + backup.backupArn() + " into " + target
                + " (~" + String.format("%,d", schema.itemCount()) + " items at backup time); TTL, stream, tags, "
                + "encryption and PITR set as recorded. " + TableSettingsReapply.NOT_RESTORED + tags.note("table");
    }

    /** RestoreTableToPointInTime of the live {@code table} as of {@code time} (ISO-8601 or latest). */
    String toPointInTime(String table, String target, String time, boolean keepTags) {
        Instant at = parse(time);
        TableSchema schema;
        try {
            schema = new TableSchemaReader(dynamoDb).read(table);
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("Table " + table + " not found: a point-in-time restore reads the live "
                    + "table", e);
        }
        PointInTimeRecoveryDescription pitr;
        try {
            pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription();
        } catch (RuntimeException e) {
            throw NativeErrors.explain("DescribeContinuousBackups of " + table, e);
        }
        if (pitr == null || pitr.pointInTimeRecoveryStatus() != PointInTimeRecoveryStatus.ENABLED) {
            throw new IllegalArgumentException("Point-in-time recovery is off for " + table + ": turn it on (aws "
                    + "dynamodb update-continuous-backups --table-name " + table + " --point-in-time-recovery-specification "
                    + "PointInTimeRecoveryEnabled=true) or set strata.plan.<name>.dynamodb.ensure-pitr=true; it restores "
                    + "times from then on");
        }
        String window = pitr.earliestRestorableDateTime() + " to " + pitr.latestRestorableDateTime();
        if (at != null && (at.isBefore(pitr.earliestRestorableDateTime()) || at.isAfter(pitr.latestRestorableDateTime()))) {
            throw new IllegalArgumentException("--point-in-time " + at + " is outside the restorable window of " + table
                    + ": " + window + " (or use latest)");
        }
        refuseExisting(target);
        String what = "RestoreTableToPointInTime of " + table + " as of " + (at == null ? "the latest restorable time" : at)
                + " into " + target;
        LOG.info("{}", what);
        try {
            dynamoDb.restoreTableToPointInTime(r -> {
                r.sourceTableName(table).targetTableName(target).sseSpecificationOverride(sse(schema));
                if (at == null) {
                    r.useLatestRestorableTime(true);
                } else {
                    r.restoreDateTime(at);
                }
            });
        } catch (RuntimeException e) {
            throw NativeErrors.explain(what, e);
        }
        RestoredTags tags = new RestoredTags(schema.tags(), DynamoDbService.NAME + ":" + table + "@"
                + (at == null ? "latest" : at.toString()), planTags, keepTags);
        finish(target, schema, tags);
        return "Restored " + table + " as of " + (at == null ? "the latest restorable time" : at) + " into " + target
                + " (window " + window + "); TTL, stream, tags, encryption and PITR set as the table has them. "
                + TableSettingsReapply.NOT_RESTORED + tags.note("table");
    }

    /** Until the new table is ACTIVE (within strata.dynamodb.restore-timeout), then its settings. */
    private void finish(String target, TableSchema schema, RestoredTags tags) {
        waiter.until("restored table " + target, settings.restoreTimeout(), NativeSettings.RESTORE_TIMEOUT.key(),
                () -> dynamoDb.describeTable(r -> r.tableName(target)).table(), t -> t.tableStatusAsString(),
                t -> t.tableStatus() == TableStatus.ACTIVE, t -> t.tableStatus() == TableStatus.DELETING);
        new TableSettingsReapply(dynamoDb).apply(target, schema, tags.tags());
        new TableSettingsReapply(dynamoDb).awaitActive(target);
    }

    private void refuseExisting(String target) {
        try {
            dynamoDb.describeTable(r -> r.tableName(target));
        } catch (ResourceNotFoundException absent) {
            return;
        }
        throw new IllegalArgumentException("Table " + target + " exists: DynamoDB restores a backup or a point in time "
                + "into a new table only; choose another --to");
    }

    /** The recorded KMS key for the new table; null (AWS's default, an AWS owned key) otherwise. */
    private static SSESpecification sse(TableSchema schema) {
        if (!SSEType.KMS.toString().equals(schema.sseType())) {
            return null;
        }
        SSESpecification.Builder sse = SSESpecification.builder().enabled(true).sseType(SSEType.KMS);
        if (schema.sseKmsKeyArn() != null) {
            sse.kmsMasterKeyId(schema.sseKmsKeyArn());
        }
        return sse.build();
    }

    /** An ISO-8601 instant, or {@code latest} (null: UseLatestRestorableTime). */
    static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            throw new IllegalArgumentException("A point-in-time restore needs --point-in-time (an ISO-8601 instant such "
                    + "as 2026-11-20T10:15:00Z, or latest)");
        }
        if (time.trim().equalsIgnoreCase("latest")) {
            return null;
        }
        try {
            return Instant.parse(time.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--point-in-time '" + time + "' is neither an ISO-8601 instant "
                    + "(2026-11-20T10:15:00Z) nor latest", e);
        }
    }
}
