package io.strata.dynamodb;

import io.strata.version.StrataVersion;
import io.strata.config.StrataSettings.DynamoDbSettings;
import io.strata.run.Progress;
import io.strata.vault.AttemptLease;
import io.strata.vault.AttemptSweeper;
import io.strata.vault.AttemptTiming;
import io.strata.vault.DataFile;
import io.strata.vault.ExportManifest;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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

    public RecoveryPoint export(String table, String plan) {
        Instant started = clock.instant();
        TableSchema schema = new TableSchemaReader(dynamoDb).read(table);
        RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), "dynamodb", region, table, started);
        try (AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock)) {
            sweep(RecoveryPointKey.resourcePrefix(vault.prefix(), "dynamodb", region, table), key);
            return export(schema, key, plan, lease);
        }
    }

    private RecoveryPoint export(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease) {
        String table = schema.tableName();
        Instant started = key.time();
        // Native export ids are <14 digits>-<8 hex>; the key's random suffix makes this one unique too.
        String exportId = String.format("%014d-%s", started.toEpochMilli(), key.suffix());
        String exportPrefix = key.prefix() + "AWSDynamoDB/" + exportId + "/";
        int segments = segmentsFor(schema);
        LOG.info("Exporting {} (~{} items, {} bytes) with {} segments to s3://{}/{}", table, schema.itemCount(),
                schema.sizeBytes(), segments, vault.bucket(), key.prefix());
        Progress progress = new Progress("export " + table, schema.itemCount(), Duration.ofSeconds(5));
        try {
            List<DataFile> files = scanSegments(table, segments, exportPrefix, progress);
            Instant finished = clock.instant();
            long items = files.stream().mapToLong(DataFile::itemCount).sum();
            long bytes = files.stream().mapToLong(DataFile::bytes).sum();
            writeManifests(schema, exportId, exportPrefix, key, files, started, finished, items, bytes);
            RecoveryPoint point = new RecoveryPoint(StrataVersion.get(), key.prefix(), "dynamodb:" + table, "dynamodb",
                    region, plan, "scan", started, finished, items, bytes, exportPrefix, files, schema.toJson(), null);
            lease.checkHeld(timing.staleAfter());
            files.forEach(file -> vault.checkStored(file.key(), file.bytes()));
            vault.commit(point);
            LOG.info("Exported {}: {} items, {} bytes in {}s ({} items/s) -> s3://{}/{}", table, items, bytes,
                    String.format("%.1f", progress.seconds()), String.format("%.0f", progress.itemsPerSecond()),
                    vault.bucket(), key.prefix());
            return point;
        } catch (RuntimeException | IOException | InterruptedException e) {
            discard(key);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ExportException("Export of " + table + " failed, nothing committed: " + rootMessage(e), e);
        }
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
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    private static <T> T withMdc(Map<String, String> mdc, java.util.concurrent.Callable<T> task) throws Exception {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return task.call();
        } finally {
            MDC.clear();
        }
    }

    private void writeManifests(TableSchema schema, String exportId, String exportPrefix, RecoveryPointKey key,
                                List<DataFile> files, Instant started, Instant finished, long items, long bytes)
            throws IOException {
        String filesKey = exportPrefix + ExportManifest.FILES;
        vault.putBytes(filesKey, ExportManifest.filesToBytes(files.stream().map(ExportManifest.FileEntry::of).toList()),
                "application/json");
        String s3Prefix = key.prefix().substring(0, key.prefix().length() - 1);
        vault.putJson(exportPrefix + ExportManifest.SUMMARY, new ExportManifest.Summary(ExportManifest.VERSION,
                schema.tableArn() + "/export/" + exportId, started, finished, schema.tableArn(), schema.tableId(),
                started, vault.bucket(), s3Prefix, vault.encryption().algorithm(), vault.encryption().kmsKeyId(),
                filesKey, bytes, items, ExportManifest.FORMAT));
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

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
