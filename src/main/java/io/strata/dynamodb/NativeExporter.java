package io.strata.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.Failures;
import io.strata.service.Waiter;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.version.StrataVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The {@code native-export} mode: DynamoDB's own Export to S3 (no read capacity; needs PITR) writes the data
 * into the recovery point's folder, in the layout a scan export imitates; Strata starts it, waits for it,
 * checks AWS's manifests and every data file against them, and commits {@code recovery-point.json} last. The
 * steps of {@code backup-dynamodb}: {@link #begin}, {@link #start}, {@link #await}, {@link #commit}.
 */
public final class NativeExporter {

    private static final Logger LOG = LoggerFactory.getLogger(NativeExporter.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final NativeExportSettings settings;
    private final Clock clock;
    private final String region;
    private final AttemptTiming timing;
    private final Waiter waiter;
    private final DynamoDbPlans plans;

    public NativeExporter(DynamoDbClient dynamoDb, Vault vault, NativeExportSettings settings, Clock clock, String region,
                          AttemptTiming timing, Waiter waiter) {
        this(dynamoDb, vault, settings, clock, region, timing, waiter, DynamoDbPlans.none());
    }

    /** @param plans whose {@code dynamodb.incremental} makes chains of incremental exports */
    public NativeExporter(DynamoDbClient dynamoDb, Vault vault, NativeExportSettings settings, Clock clock, String region,
                          AttemptTiming timing, Waiter waiter, DynamoDbPlans plans) {
        this.plans = plans;
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.settings = settings;
        this.clock = clock;
        this.region = region;
        this.timing = timing;
        this.waiter = waiter;
    }

    /**
     * The schema from {@code described}, then the recovery point's key and lease: the key of an earlier attempt
     * of this plan whose export may still be running ({@link ResumableExports}), else a new one. The lease
     * notes the client token before any export starts, so a run killed at any point is resumed, never doubled.
     */
    public NativeExportAttempt begin(TableDescription described, String plan) {
        TableSchema schema = new TableSchemaReader(dynamoDb).read(described);
        String table = schema.tableName();
        ResumableExports resumable = new ResumableExports(vault, timing, clock);
        Optional<RecoveryPointKey> earlier = resumable.find(region, table, plan);
        RecoveryPointKey key = earlier.orElseGet(() -> RecoveryPointKey.create(vault.prefix(), DynamoDbService.NAME,
                region, table, clock.instant()));
        earlier.ifPresent(k -> LOG.info("Resuming the native export of {} begun at {} (s3://{}/{}): its client token "
                + "finds the export already started", table, k.time(), vault.bucket(), k.prefix()));
        AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock, resumable.notes(key, plan));
        try {
            new AttemptSweeper(vault, timing, clock).sweep(RecoveryPointKey.resourcePrefix(vault.prefix(),
                    DynamoDbService.NAME, region, table), key.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep abandoned attempts of {} ({}); the next backup tries again", table, e.getMessage());
        }
        NativeExportAttempt attempt = new NativeExportAttempt(schema, key, plan, lease, resumable.token(key),
                earlier.isPresent(), null);
        try {
            // The window ends at the key's second, so a resumed attempt sends the same request (its token's rule).
            return plans.incremental(plan).map(planner -> attempt.as(new ChainStart(vault).next(planner, region, table,
                    plan, key, key.time().truncatedTo(ChronoUnit.SECONDS)))).orElse(attempt);
        } catch (RuntimeException e) {
            throw failed(attempt, e);
        }
    }

    /** ExportTableToPointInTime with the attempt's token: a new export, or the one a killed run started. */
    public NativeExportAttempt start(NativeExportAttempt attempt) {
        ExportDescription started;
        try {
            started = new NativeExportStart(dynamoDb, vault).start(attempt);
        } catch (RuntimeException e) {
            throw failed(attempt, e);
        }
        LOG.info("Native export {} of {} ({}) into s3://{}/{}: {}", started.exportArn(), attempt.table(),
                attempt.resumed() ? "resumed" : "started", vault.bucket(), attempt.key().prefix(),
                started.exportStatusAsString());
        return attempt.with(started);
    }

    /**
     * DescribeExport every {@code strata.dynamodb.export-poll-interval} until COMPLETED. FAILED fails the resource
     * with AWS's FailureCode and FailureMessage; a stop, the timeout or an unanswered poll leaves the export
     * running and the lease in place, so the next run within the lease's stale time resumes it.
     */
    public NativeExportAttempt await(NativeExportAttempt attempt) {
        String arn = attempt.export().exportArn();
        String what = "native export of " + attempt.table() + " (" + arn + ")";
        Instant since = clock.instant();
        ExportDescription done;
        try {
            done = waiter.until(what, settings.timeout(), NativeExportSettings.TIMEOUT.key(),
                    () -> dynamoDb.describeExport(r -> r.exportArn(arn)).exportDescription(),
                    d -> status(d, since), d -> d.exportStatus() != ExportStatus.IN_PROGRESS, d -> false);
        } catch (RuntimeException e) {
            attempt.lease().leave();
            throw new ExportException("Export of " + attempt.table() + " not finished, nothing committed: "
                    + Failures.reason(e) + "; " + arn + " goes on in DynamoDB, and the next backup of the table by this "
                    + "plan within " + timing.staleAfter().toMinutes() + " min resumes it", e);
        }
        if (done.exportStatus() != ExportStatus.COMPLETED) {
            throw failed(attempt, new IllegalStateException("DynamoDB reports the export " + arn + " "
                    + done.exportStatusAsString() + ": " + done.failureCode() + ": " + done.failureMessage()));
        }
        return attempt.with(done);
    }

    private String status(ExportDescription export, Instant since) {
        if (export.exportStatus() == ExportStatus.IN_PROGRESS) {
            return "IN_PROGRESS for " + Duration.between(since, clock.instant()).toMinutes() + " min";
        }
        if (export.exportStatus() == ExportStatus.COMPLETED) {
            return String.format("COMPLETED, %,d items, %,d bytes billed", export.itemCount(), export.billedSizeBytes());
        }
        return export.exportStatusAsString() + " (" + export.failureCode() + ": " + export.failureMessage() + ")";
    }

    /**
     * AWS's manifests checked against each other and against the files stored, every data file read back
     * against its MD5 and item count, then {@code recovery-point.json} written last.
     */
    public RecoveryPoint commit(NativeExportAttempt attempt) {
        RecoveryPointKey key = attempt.key();
        RecoveryPoint point;
        try {
            ExportDescription export = attempt.export();
            List<DataFile> files = new NativeExportManifests(vault).files(attempt.exportPrefix(), export);
            ObjectNode details = Json.MAPPER.createObjectNode().put("exportArn", export.exportArn())
                    .put("exportTime", String.valueOf(export.exportTime())).put("billedSizeBytes", export.billedSizeBytes());
            attempt.link().ifPresent(link -> details.setAll(link.toDetails()));
            if (attempt.step() != null && attempt.step().gap()) {
                details.put(RecoveryPoint.AFTER_GAP, attempt.step().reason());
            }
            point = new RecoveryPoint(StrataVersion.get(), key.prefix(), "dynamodb:" + attempt.table(),
                    DynamoDbService.NAME, region, attempt.plan(), DynamoDbMode.NATIVE_EXPORT.word(), key.time(),
                    clock.instant(), files.stream().mapToLong(DataFile::itemCount).sum(),
                    files.stream().mapToLong(DataFile::bytes).sum(), attempt.exportPrefix(), files,
                    attempt.schema().toJson(), details);
            VerificationReport checked = new ExportVerifier(vault).verify(point, ItemReader.lines());
            if (!checked.ok()) {
                throw new IllegalStateException("the files of " + export.exportArn() + " do not match AWS's manifests: "
                        + String.join("; ", checked.findings()));
            }
            attempt.lease().checkHeld(timing.staleAfter());
            vault.commit(point);
        } catch (RuntimeException e) {
            throw failed(attempt, e);
        }
        attempt.lease().close();
        LOG.info("Exported {} natively: {} items, {} bytes in {} files -> s3://{}/{}", attempt.table(), point.itemCount(),
                point.bytes(), point.files().size(), vault.bucket(), key.prefix());
        return point;
    }

    /** Nothing of a failed attempt stays visible: what it (and DynamoDB for it) wrote is removed, then its lease ends. */
    private ExportException failed(NativeExportAttempt attempt, Exception e) {
        try {
            AttemptSweeper.discardUncommitted(vault, attempt.key().prefix());
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not remove the failed export under s3://{}/{} ({}); a later backup of the table sweeps it",
                    vault.bucket(), attempt.key().prefix(), cleanup.getMessage());
        } finally {
            attempt.lease().close();
        }
        return new ExportException("Export of " + attempt.table() + " failed, nothing committed: " + Failures.reason(e), e);
    }
}
