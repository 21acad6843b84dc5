package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.version.StrataVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The {@code native-backup} mode, as the steps of {@code backup-dynamodb} run it: {@link #create} (schema,
 * key, lease, the table's dead attempts swept, CreateBackup named after the recovery point), {@link #await}
 * (DescribeBackup polled until AVAILABLE) and {@link #commit} (the descriptor, written last, records the
 * backup's ARN beside the table's schema and settings). A failed step deletes the backup it made when
 * DynamoDB lets it (a backup still CREATING cannot be deleted: the next backup of the table, or the archive
 * pass, sweeps it once the attempt's lease has lapsed, by its name).
 */
public final class NativeBackup {

    private static final Logger LOG = LoggerFactory.getLogger(NativeBackup.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final NativeSettings settings;
    private final Clock clock;
    private final String region;
    private final AttemptTiming timing;
    private final Waiter waiter;
    private final NativeBackupSweep sweep;

    public NativeBackup(DynamoDbClient dynamoDb, Vault vault, NativeSettings settings, Clock clock, String region,
                        AttemptTiming timing, Waiter waiter) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.settings = settings;
        this.clock = clock;
        this.region = region;
        this.timing = timing;
        this.waiter = waiter;
        this.sweep = new NativeBackupSweep(dynamoDb, vault, region, timing, clock);
    }

    /** The three steps at once (the service's {@code backup}, outside the route). */
    public RecoveryPoint backup(TableDescription described, String plan) {
        return commit(await(create(described, plan)));
    }

    /** The schema read, a new key and its lease, dead attempts swept, then CreateBackup. */
    public NativeBackupAttempt create(TableDescription described, String plan) {
        Instant started = clock.instant();
        TableSchema schema = new TableSchemaReader(dynamoDb).read(described);
        String table = schema.tableName();
        RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), DynamoDbService.NAME, region, table, started);
        AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock);
        String resourcePrefix = RecoveryPointKey.resourcePrefix(vault.prefix(), DynamoDbService.NAME, region, table);
        sweep.sweepQuietly(table, key.prefix());
        try {
            new AttemptSweeper(vault, timing, clock).sweep(resourcePrefix, key.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep abandoned attempts under s3://{}/{} ({}); the next backup tries again",
                    vault.bucket(), resourcePrefix, e.getMessage());
        }
        String name = BackupNames.of(key, BackupNames.vaultId(vault.bucket(), vault.prefix()));
        NativeBackupAttempt begun = new NativeBackupAttempt(schema, key, plan, lease, started, null, name, 0);
        try {
            String arn = dynamoDb.createBackup(r -> r.tableName(table).backupName(name)).backupDetails().backupArn();
            LOG.info("CreateBackup {} of {}: {}", name, table, arn);
            return new NativeBackupAttempt(schema, key, plan, lease, started, arn, name, 0);
        } catch (RuntimeException e) {
            throw failed(begun, NativeErrors.explain("CreateBackup " + name + " of " + table, e));
        }
    }

    /** DescribeBackup polled (its status logged as it changes) until AVAILABLE, within strata.dynamodb.backup-timeout. */
    public NativeBackupAttempt await(NativeBackupAttempt attempt) {
        try {
            BackupDescription ready = waiter.until("backup " + attempt.backupName() + " of " + attempt.table(),
                    settings.backupTimeout(), NativeSettings.BACKUP_TIMEOUT.key(),
                    () -> dynamoDb.describeBackup(r -> r.backupArn(attempt.backupArn())).backupDescription(),
                    d -> d.backupDetails().backupStatusAsString(),
                    d -> d.backupDetails().backupStatus() == BackupStatus.AVAILABLE,
                    d -> d.backupDetails().backupStatus() == BackupStatus.DELETED);
            Long size = ready.backupDetails().backupSizeBytes();
            return attempt.available(size == null ? 0 : size);
        } catch (RuntimeException e) {
            throw failed(attempt, NativeErrors.explain("DescribeBackup " + attempt.backupArn(), e));
        }
    }

    /** recovery-point.json, written last while the lease holds: the commit; the lease ends. */
    public RecoveryPoint commit(NativeBackupAttempt attempt) {
        RecoveryPointKey key = attempt.key();
        RecoveryPoint point = new RecoveryPoint(StrataVersion.get(), key.prefix(), DynamoDbService.NAME + ":"
                + attempt.table(), DynamoDbService.NAME, region, attempt.plan(), DynamoDbMode.NATIVE_BACKUP.word(),
                // No item is in the vault (the backup holds them): 0, as a descriptor without files must say; the
                // table's item count at backup time is in the schema.
                attempt.started(), clock.instant(), 0, attempt.sizeBytes(), null, List.of(),
                attempt.schema().toJson(), new NativeBackupDetails(attempt.backupArn(), attempt.backupName(),
                attempt.sizeBytes()).toJson());
        try {
            attempt.lease().checkHeld(timing.staleAfter());
            vault.commit(point);
        } catch (RuntimeException e) {
            throw failed(attempt, e);
        }
        attempt.lease().close();
        LOG.info("Backed up {} as on-demand backup {} ({} bytes) -> s3://{}/{}", attempt.table(), attempt.backupArn(),
                attempt.sizeBytes(), vault.bucket(), key.prefix());
        return point;
    }

    /** The on-demand backups of every table's abandoned attempts (the archive pass's sweep). */
    int sweepAbandoned() {
        return sweep.sweepQuietly(null, null);
    }

    /** Nothing of a failed attempt stays: its backup deleted if DynamoDB allows, its folder removed, its lease ended. */
    private RuntimeException failed(NativeBackupAttempt attempt, RuntimeException e) {
        try {
            if (attempt.backupArn() != null) {
                sweep.delete(attempt.backupArn(), attempt.key().prefix());
            }
            AttemptSweeper.discardUncommitted(vault, attempt.key().prefix());
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not clean up after the failed backup of {} under s3://{}/{} ({}); it is not committed and a "
                    + "later backup of the table sweeps it", attempt.table(), vault.bucket(), attempt.key().prefix(),
                    Failures.reason(cleanup));
        } finally {
            attempt.lease().close();
        }
        return new NativeErrors.NativeBackupException("Backup of " + attempt.table() + " failed, nothing committed: "
                + Failures.reason(e), e);
    }
}
