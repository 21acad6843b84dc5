package io.strata.dynamodb;

import io.strata.config.StrataSettings.DynamoDbSettings;
import io.strata.run.Progress;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Restores an export into a table: creates it from the saved schema (or writes into an existing
 * empty one), streams every item in with parallel BatchWriteItem, then re-applies TTL, tags and the
 * stream, and checks that every item of the manifest was written.
 */
public final class TableRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(TableRestorer.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final DynamoDbSettings options;
    private final BooleanSupplier stopRequested;

    public TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options) {
        this(dynamoDb, vault, options, () -> false);
    }

    /** @param stopRequested checked between batches: true (SIGTERM) fails the restore cleanly */
    public TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options, BooleanSupplier stopRequested) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.options = options;
        this.stopRequested = stopRequested;
    }

    public RestoreResult restore(ExportSource source, String target, boolean overwrite, String keys) {
        return restore(source, target, new RestoreOptions(overwrite, keys, false));
    }

    /**
     * Writes every item of {@code source} into {@code target} and ends with the saved TTL, stream
     * and tags in place, or fails: then a table this restore created is deleted (unless
     * {@code keepPartial}), and the message says what was left behind.
     */
    public RestoreResult restore(ExportSource source, String target, RestoreOptions options) {
        Optional<TableSchema> schema = KeyCheck.schemaFor(source, target, options);
        Optional<TableDescription> existing = describe(target);
        boolean create = existing.isEmpty();
        if (existing.isPresent()) {
            checkWritable(existing.get(), schema, options.overwrite());
        } else if (schema.isEmpty()) {
            throw new RestoreException(source.description() + " carries no table schema: pass --key HASH:TYPE[,RANGE:TYPE] "
                    + "(e.g. --key pk:S,sk:N) or create the empty table '" + target + "' first");
        }
        if (source.schema().isEmpty()) {
            KeyCheck.againstFirstItem(vault, source, schema.orElseGet(() -> TableSchemaReader.keysOf(existing.get())));
        }
        LOG.info("Restoring {} ({} items in {} files) into {}{}", source.description(), source.expectedItems(),
                source.files().size(), target, create ? " (new table)" : " (existing table)");
        TableCreator creator = new TableCreator(dynamoDb);
        if (create) {
            creator.create(target, schema.get());
        }
        Progress progress = new Progress("restore " + target, source.expectedItems(), Duration.ofSeconds(5));
        try {
            long written = write(source, target, progress);
            schema.ifPresent(s -> creator.applySettings(target, s));
            LOG.info("Restored {} items into {} in {}s ({} items/s)", written, target,
                    String.format("%.1f", progress.seconds()), String.format("%.0f", progress.itemsPerSecond()));
            return new RestoreResult(target, written, progress.seconds(), create);
        } catch (RuntimeException e) {
            throw failed(target, create, options.keepPartial(), progress.done(), e);
        }
    }

    /** Streams the items in; fails unless every item the source lists was written. */
    private long write(ExportSource source, String target, Progress progress) {
        RestorePipeline.Counts counts;
        try {
            counts = new RestorePipeline(dynamoDb, vault, options.writers(), options.maxWriteAttempts(), stopRequested)
                    .run(source, target, progress);
        } catch (IOException e) {
            throw new RestoreException(e.getMessage(), e);
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
        return counts.written();
    }

    /** Cleans up after a failed restore and says exactly what is left. */
    private RestoreException failed(String target, boolean created, boolean keepPartial, long written, RuntimeException e) {
        String reason = "Restore into " + target + " failed after " + written + " items were written: " + e.getMessage();
        if (!created) {
            return new RestoreException(reason + ". The existing table " + target + " now holds those " + written
                    + " items (items with the same keys were replaced): it is not a copy of the recovery point", e);
        }
        if (keepPartial) {
            return new RestoreException(reason + ". Table " + target + ", created by this restore, was kept as "
                    + "--keep-partial asks: it holds an INCOMPLETE copy", e);
        }
        try {
            dynamoDb.deleteTable(r -> r.tableName(target));
            return new RestoreException(reason + ". Table " + target + ", created by this restore, was deleted "
                    + "(--keep-partial keeps it)", e);
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
            return new RestoreException(reason + ". Table " + target + ", created by this restore, could not be "
                    + "deleted (" + cleanup.getMessage() + "): delete it, it holds an INCOMPLETE copy", e);
        }
    }

    private void checkWritable(TableDescription table, Optional<TableSchema> schema, boolean overwrite) {
        boolean empty = dynamoDb.scan(r -> r.tableName(table.tableName()).limit(1)).count() == 0;
        if (!empty && !overwrite) {
            throw new RestoreException("Table " + table.tableName() + " already exists and holds items: restore into a "
                    + "new table, or pass --overwrite to write into it (items with the same key are replaced)");
        }
        if (schema.isPresent()) {
            var expected = schema.get().keySchema().stream().map(k -> k.name() + ":" + k.keyType()).toList();
            var actual = table.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
            if (!expected.equals(actual)) {
                throw new RestoreException("Table " + table.tableName() + " has keys " + actual
                        + " but the export has " + expected);
            }
        }
    }

    private Optional<TableDescription> describe(String table) {
        try {
            return Optional.of(dynamoDb.describeTable(r -> r.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
