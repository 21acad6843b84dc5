package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.service.Progress;
import io.strata.service.RestoredTags;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.attempt.RestoreClaim;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Restores an export into a table: proves every data file first, creates the table from the saved
 * schema (or writes into an existing one), streams every item in with parallel BatchWriteItem, then
 * re-applies TTL, tags and the stream, and checks that every item of the manifest was written. The
 * table carries {@link RestoreMark} from before its first item until all of that is done.
 */
public final class TableRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(TableRestorer.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final DynamoDbSettings options;
    private final BooleanSupplier stopRequested;
    private final RestoreMark marks;
    private final AttemptTiming claimTiming;
    private final Clock clock;

    public TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options) {
        this(dynamoDb, vault, options, () -> false);
    }

    /** @param stopRequested checked between batches: true (SIGTERM) fails the restore cleanly */
    public TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, BooleanSupplier stopRequested) {
        this(dynamoDb, vault, options, stopRequested, RestoreClaim.TIMING, Clock.systemUTC());
    }

    /** @param claimTiming how often this restore's claim on its target is renewed, and when it lapses */
    TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, BooleanSupplier stopRequested,
                  AttemptTiming claimTiming, Clock clock) {
        this.claimTiming = claimTiming;
        this.clock = clock;
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.options = options;
        this.stopRequested = stopRequested;
        this.marks = new RestoreMark(dynamoDb);
    }

    public RestoreResult restore(ExportSource source, String target, boolean overwrite, String keys) {
        return restore(source, target, new RestoreOptions(overwrite, keys, false));
    }

    /**
     * Writes every item of {@code source} into {@code target} and ends with the saved TTL, stream
     * and tags in place, or fails: then a table this restore created is deleted (unless
     * {@code keepPartial}), and the message says what was left behind. In this order:
     * <ol>
     *   <li>claim the target ({@link RestoreClaim}): a second restore into it is refused until this one ends;</li>
     *   <li>check the keys and the target (exists? empty? {@code --overwrite}? an interrupted restore?);</li>
     *   <li>prove every data file against its record ({@link ExportProof}): nothing is written before;</li>
     *   <li>create the table marked {@link RestoreMark}, or mark the existing one;</li>
     *   <li>write the items from the proven objects, then apply the saved settings;</li>
     *   <li>count the table, then remove the mark; release the claim whatever the outcome.</li>
     * </ol>
     */
    public RestoreResult restore(ExportSource source, String target, RestoreOptions options) {
        return restore(source, List.of(), target, options);
    }

    /**
     * An incremental export's restore: its chain's full export ({@code source}), then each incremental
     * of {@code incrementals} in order (put each new image, delete each key without one), as one restore:
     * every file of every export is proven before the first item is written, and the table must end
     * with the full export's items plus those the incrementals created, less those they deleted.
     * {@code source.reference()} names the recovery point asked for (the chain's last), for the mark.
     */
    public RestoreResult restore(ExportSource source, List<ExportSource> incrementals, String target,
                                 RestoreOptions options) {
        Optional<TableSchema> schema = KeyCheck.schemaFor(source, target, options);
        String region = dynamoDb.serviceClientConfiguration().region().id();
        try (RestoreClaim claim = RestoreClaim.take(vault, region, target, source.reference(), claimTiming, clock)) {
            return restoreClaimed(source, incrementals, target, options, schema);
        }
    }

    private RestoreResult restoreClaimed(ExportSource source, List<ExportSource> incrementals, String target,
                                         RestoreOptions options, Optional<TableSchema> schema) {
        RestoreTarget.Found found = new RestoreTarget(dynamoDb).check(target, schema, source, options);
        TableSchema keys = schema.orElseGet(() -> TableSchemaReader.keysOf(found.existing().get()));
        if (source.schema().isEmpty()) {
            KeyCheck.againstFirstItem(vault, source, keys);
        }
        List<ProvenFile> files = new ExportProof(vault, stopRequested).prove(source, keys);
        List<List<ProvenFile>> changes = incrementals.stream()
                .map(incremental -> new ExportProof(vault, stopRequested).prove(incremental, keys)).toList();
        LOG.info("Restoring {} ({} items in {} files) into {}{}", source.description(), source.expectedItems(),
                files.size(), target, found.create() ? " (new table)" : " (existing table)");
        String arn = begin(found, schema, source);
        Progress progress = new Progress("restore " + target, source.expectedItems(), Duration.ofSeconds(5));
        RestoredTags tags = new RestoredTags(schema.map(TableSchema::tags).orElse(Map.of()), source.reference(),
                this.options.planTags(), options.keepTags());
        long written;
        try {
            written = write(source, files, target, progress, false);
            long expected = source.expectedItems();
            for (int i = 0; i < incrementals.size(); i++) {
                LOG.info("Applying {} ({} changes) to {}", incrementals.get(i).description(),
                        incrementals.get(i).expectedItems(), target);
                expected += write(incrementals.get(i), changes.get(i), target, progress, true);
            }
            written = expected;
            TableCreator creator = new TableCreator(dynamoDb);
            if (schema.isPresent()) {
                creator.applySettings(target, schema.get(), tags.tags());
            } else {
                creator.applyTags(target, tags.tags());
            }
            // What the table holds, not what was sent: items sharing a key are one item in the table.
            new RestoredCount(dynamoDb, countSegments(source)).check(target, expected, found.create());
        } catch (RuntimeException e) {
            throw failed(source, found, options.keepPartial(), progress.done(), e);
        }
        marks.clear(arn);
        LOG.info("Restored {} items into {} in {}s ({} items/s)", written, target,
                String.format("%.1f", progress.seconds()), String.format("%.0f", progress.itemsPerSecond()));
        if (!tags.dropped().isEmpty()) {
            LOG.info("Left the tags {} off {}: plans select tables on them (--keep-tags keeps them)", tags.dropped(), target);
        }
        return new RestoreResult(target, written, progress.seconds(), found.create(), tags.note("table"));
    }

    /**
     * Segments of the count: as many as the export would use (strata.dynamodb.segments), else one
     * per million items, at least 4. The count reads the whole table once (consistent reads).
     */
    private int countSegments(ExportSource source) {
        return options.segments() > 0 ? options.segments()
                : (int) Math.max(4, Math.min(1000, source.expectedItems() / 1_000_000 + 1));
    }

    /** The table, marked as being restored before its first item: created so, or an existing one tagged. */
    private String begin(RestoreTarget.Found found, Optional<TableSchema> schema, ExportSource source) {
        if (found.create()) {
            return new TableCreator(dynamoDb).create(found.name(), schema.get(), RestoreMark.tag(source.reference()));
        }
        String arn = found.existing().get().tableArn();
        marks.mark(arn, source.reference());
        return arn;
    }

    /**
     * Streams the items (or an incremental's changes) in; fails unless every line the source lists was
     * written. Returns how many items the table gains: the items written, or the changes' net count.
     */
    private long write(ExportSource source, List<ProvenFile> files, String target, Progress progress, boolean changes) {
        RestorePipeline.Counts counts;
        try {
            counts = new RestorePipeline(dynamoDb, vault, options.writers(), options.maxWriteAttempts(), stopRequested,
                    changes).run(source.bucket(), files, target, progress);
        } catch (IOException e) {
            throw new RestoreException(Failures.message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("interrupted", e);
        }
        if (counts.notWritten() > 0) {
            throw new RestoreException(counts.notWritten() + " of " + counts.read() + " items were not written after "
                    + options.maxWriteAttempts() + " attempts (throttled or unprocessed)");
        }
        if (counts.written() != source.expectedItems()) {
            throw new RestoreException("wrote " + counts.written() + " items but " + source.description() + " lists "
                    + source.expectedItems());
        }
        return changes ? counts.delta() : counts.written();
    }

    /** Cleans up after a failed restore and says exactly what is left. */
    private RestoreException failed(ExportSource source, RestoreTarget.Found found, boolean keepPartial, long written,
                                    RuntimeException e) {
        String target = found.name();
        String reason = "Restore into " + target + " failed after " + written + " items were written: " + Failures.message(e);
        String marked = "it stays tagged " + RestoreMark.KEY + "=" + RestoreMark.tag(source.reference()).value()
                + " until a restore into it completes (strata restore " + source.reference() + " --to " + target
                + " --overwrite)";
        if (!found.create()) {
            return new RestoreException(reason + ". The existing table " + target + " now holds those " + written
                    + " items (items with the same keys were replaced): it is not a copy of the recovery point; "
                    + marked, e);
        }
        if (keepPartial) {
            return new RestoreException(reason + ". Table " + target + ", created by this restore, was kept as "
                    + "--keep-partial asks: it holds an INCOMPLETE copy; " + marked, e);
        }
        try {
            dynamoDb.deleteTable(r -> r.tableName(target));
            return new RestoreException(reason + ". Table " + target + ", created by this restore, was deleted "
                    + "(--keep-partial keeps it)", e);
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
            return new RestoreException(reason + ". Table " + target + ", created by this restore, could not be "
                    + "deleted (" + Failures.message(cleanup) + "): delete it, it holds an INCOMPLETE copy", e);
        }
    }
}
