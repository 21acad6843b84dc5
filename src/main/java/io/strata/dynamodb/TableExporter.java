package io.strata.dynamodb;

import io.strata.version.StrataVersion;
import io.strata.service.Failures;
import io.strata.service.Progress;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Exports a table to the vault in the layout of DynamoDB's native Export to S3: a parallel Scan,
 * one gzip'd data file per segment, the two manifests, then {@code recovery-point.json} last.
 * Any failure aborts every upload and removes what this attempt wrote, so no half recovery point
 * is ever visible.
 */
public final class TableExporter {

    private static final Logger LOG = LoggerFactory.getLogger(TableExporter.class);
    private static final long BYTES_PER_SEGMENT = 2L * 1024 * 1024 * 1024;

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final DynamoDbSettings options;
    private final Clock clock;
    private final String region;
    private final AttemptTiming timing;
    private final BooleanSupplier stopRequested;

    public TableExporter(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, Clock clock, String region) {
        this(dynamoDb, vault, options, clock, region, AttemptTiming.DEFAULT, () -> false);
    }

    public TableExporter(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, Clock clock, String region,
                         AttemptTiming timing) {
        this(dynamoDb, vault, options, clock, region, timing, () -> false);
    }

    /** @param stopRequested checked between Scan pages: true (SIGTERM) fails the export cleanly */
    public TableExporter(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, Clock clock, String region,
                         AttemptTiming timing, BooleanSupplier stopRequested) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.options = options;
        this.clock = clock;
        this.region = region;
        this.timing = timing;
        this.stopRequested = stopRequested;
    }

    /** The whole export, as the steps of {@code backup-dynamodb} run it: {@link #begin}, {@link #scan}, {@link #commit}. */
    public RecoveryPoint export(String table, String plan) {
        return commit(scan(begin(dynamoDb.describeTable(r -> r.tableName(table)).table(), plan)));
    }

    /**
     * The first step once the table is described: its schema (keys, indexes from {@code described}; TTL, tags), a
     * new recovery point key and its lease, taken before anything is written; older abandoned attempts of the
     * table are swept.
     */
    public TableAttempt begin(TableDescription described, String plan) {
        Instant started = clock.instant();
        TableSchema schema = new TableSchemaReader(dynamoDb).read(described);
        String table = schema.tableName();
        RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), "dynamodb", region, table, started);
        AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock);
        sweep(RecoveryPointKey.resourcePrefix(vault.prefix(), "dynamodb", region, table), key);
        return TableAttempt.begun(schema, key, plan, lease);
    }

    /** The parallel Scan into one gzip'd data file per segment, then the two manifests; nothing committed yet. */
    public TableAttempt scan(TableAttempt attempt) {
        TableSchema schema = attempt.schema();
        RecoveryPointKey key = attempt.key();
        int segments = segmentsFor(schema);
        LOG.info("Exporting {} (~{} items, {} bytes) with {} segments to s3://{}/{}", attempt.table(),
                schema.itemCount(), schema.sizeBytes(), segments, vault.bucket(), key.prefix());
        Progress progress = new Progress("export " + attempt.table(), schema.itemCount(), Duration.ofSeconds(5));
        try {
            List<DataFile> files = scanSegments(attempt.table(), segments, attempt.exportPrefix(), progress);
            TableAttempt scanned = attempt.scanned(files, clock.instant(), progress);
            writeManifests(scanned);
            return scanned;
        } catch (RuntimeException | IOException | InterruptedException e) {
            throw failed(attempt, e);
        }
    }

    /**
     * The commit: every data file checked as stored, then {@code recovery-point.json} written last, while
     * the lease still holds; the lease ends either way, and a failure removes what the attempt wrote.
     */
    public RecoveryPoint commit(TableAttempt attempt) {
        RecoveryPointKey key = attempt.key();
        RecoveryPoint point;
        try {
            point = new RecoveryPoint(StrataVersion.get(), key.prefix(), "dynamodb:" + attempt.table(), "dynamodb",
                    region, attempt.plan(), "scan", key.time(), attempt.finished(), attempt.items(), attempt.bytes(),
                    attempt.exportPrefix(), attempt.files(), attempt.schema().toJson(), null);
            attempt.lease().checkHeld(timing.staleAfter());
            attempt.files().forEach(file -> vault.checkStored(file.key(), file.bytes()));
            vault.commit(point);
        } catch (RuntimeException e) {
            throw failed(attempt, e);
        }
        attempt.lease().close();
        LOG.info("Exported {}: {} items, {} bytes in {}s ({} items/s) -> s3://{}/{}", attempt.table(), point.itemCount(),
                point.bytes(), String.format("%.1f", attempt.progress().seconds()),
                String.format("%.0f", attempt.progress().itemsPerSecond()), vault.bucket(), key.prefix());
        return point;
    }

    /** Nothing of a failed attempt stays visible: what it wrote is removed, then its lease ends. */
    private ExportException failed(TableAttempt attempt, Exception e) {
        try {
            discard(attempt.key());
        } finally {
            attempt.lease().close(); // a removal that failed must not leave the lease renewing for ever
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ExportException("Export of " + attempt.table() + " failed, nothing committed: " + Failures.reason(e), e);
    }

    int segmentsFor(TableSchema schema) {
        if (options.segments() > 0) {
            return options.segments();
        }
        return (int) Math.max(4, Math.min(1000, (schema.sizeBytes() + BYTES_PER_SEGMENT - 1) / BYTES_PER_SEGMENT));
    }

    private List<DataFile> scanSegments(String table, int segments, String exportPrefix, Progress progress)
            throws IOException, InterruptedException {
        AtomicBoolean cancelled = new AtomicBoolean();
        ReadRateLimiter limiter = new ReadRateLimiter(options.readRate());
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 64), r -> {
            Thread thread = new Thread(r, "export-" + table + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Optional<DataFile>>> futures = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                String dataKey = String.format("%sdata/%05d-of-%05d.json.gz", exportPrefix, segment, segments);
                SegmentExport export = new SegmentExport(dynamoDb, vault, table, segment, segments,
                        options.scanPageSize(), dataKey, limiter, progress,
                        () -> cancelled.get() || stopRequested.getAsBoolean());
                futures.add(pool.submit(() -> withMdc(mdc, export)));
            }
            List<DataFile> files = new ArrayList<>();
            for (Future<Optional<DataFile>> future : futures) {
                try {
                    future.get().ifPresent(files::add);
                } catch (ExecutionException e) {
                    cancelled.set(true);
                    throw e.getCause() instanceof IOException io ? io
                            : new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
            return files;
        } finally {
            cancelled.set(true);
            pool.shutdownNow();
            // Let the other segments abort their uploads before the attempt is discarded.
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static <T> T withMdc(Map<String, String> mdc, Callable<T> task) throws Exception {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return task.call();
        } finally {
            MDC.clear();
        }
    }

    private void writeManifests(TableAttempt attempt) throws IOException {
        TableSchema schema = attempt.schema();
        String exportId = attempt.exportId();
        String filesKey = attempt.exportPrefix() + ExportManifest.FILES;
        vault.putBytes(filesKey, ExportManifest.filesToBytes(attempt.files().stream().map(ExportManifest.FileEntry::of)
                .toList()), "application/json");
        String prefix = attempt.key().prefix();
        Instant started = attempt.key().time();
        vault.putJson(attempt.exportPrefix() + ExportManifest.SUMMARY, new ExportManifest.Summary(ExportManifest.VERSION,
                schema.tableArn() + "/export/" + exportId, started, attempt.finished(), schema.tableArn(),
                schema.tableId(), started, vault.bucket(), prefix.substring(0, prefix.length() - 1),
                vault.encryption().algorithm(), vault.encryption().kmsKeyId(), filesKey, attempt.bytes(),
                attempt.items(), ExportManifest.FORMAT));
    }

    /** Housekeeping: a sweep that fails is logged and retried by the next export, never fails this one. */
    private void sweep(String resourcePrefix, RecoveryPointKey own) {
        try {
            new AttemptSweeper(vault, timing, clock).sweep(resourcePrefix, own.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep abandoned attempts under s3://{}/{} ({}); the next export tries again",
                    vault.bucket(), resourcePrefix, e.getMessage());
        }
    }

    private void discard(RecoveryPointKey key) {
        try {
            AttemptSweeper.discardUncommitted(vault, key.prefix());
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not remove the partial export under s3://{}/{} ({}); it is not committed and a later "
                    + "export of the table sweeps it", vault.bucket(), key.prefix(), cleanup.getMessage());
        }
    }
}
