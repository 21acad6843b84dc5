package io.strata.dynamodb;

import io.strata.config.StrataSettings.DynamoDbSettings;
import io.strata.run.Progress;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
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

    public TableRestorer(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings options) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.options = options;
    }

    /**
     * @param keys      for a native export without schema: {@code pk:S[,sk:N]}; may be null
     * @param overwrite write into an existing table that holds items (same keys overwrite)
     */
    public RestoreResult restore(ExportSource source, String target, boolean overwrite, String keys) {
        Optional<TableSchema> schema = keys != null && !keys.isBlank()
                ? Optional.of(TableSchema.fromKeys(target, keys)) : source.schema();
        Optional<TableDescription> existing = describe(target);
        boolean create = existing.isEmpty();
        if (existing.isPresent()) {
            checkWritable(existing.get(), schema, overwrite);
        } else if (schema.isEmpty()) {
            throw new RestoreException(source.description() + " carries no table schema: pass --key HASH:TYPE[,RANGE:TYPE] "
                    + "(e.g. --key pk:S,sk:N) or create the empty table '" + target + "' first");
        }
        LOG.info("Restoring {} ({} items in {} files) into {}{}", source.description(), source.expectedItems(),
                source.files().size(), target, create ? " (new table)" : " (existing table)");
        TableCreator creator = new TableCreator(dynamoDb);
        if (create) {
            creator.create(target, schema.get());
        }
        Progress progress = new Progress("restore " + target, source.expectedItems(), Duration.ofSeconds(5));
        RestorePipeline.Counts counts;
        try {
            counts = new RestorePipeline(dynamoDb, vault, options.writers(), options.maxWriteAttempts())
                    .run(source, target, progress);
        } catch (IOException e) {
            throw new RestoreException("Restore into " + target + " failed after " + progress.done() + " items: "
                    + e.getMessage() + " (the table holds a partial restore: delete it, or rerun with --overwrite)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("Restore into " + target + " interrupted after " + progress.done() + " items", e);
        }
        if (counts.notWritten() > 0) {
            throw new RestoreException("Restore into " + target + " incomplete: " + counts.notWritten() + " of "
                    + counts.read() + " items were not written after " + options.maxWriteAttempts()
                    + " attempts (throttled or unprocessed); rerun with --overwrite to finish");
        }
        if (counts.written() != source.expectedItems()) {
            throw new RestoreException("Restore into " + target + " wrote " + counts.written() + " items but the manifest "
                    + "of " + source.description() + " lists " + source.expectedItems());
        }
        if (create) {
            creator.applySettings(target, schema.get());
        }
        LOG.info("Restored {} items into {} in {}s ({} items/s)", counts.written(), target,
                String.format("%.1f", progress.seconds()), String.format("%.0f", progress.itemsPerSecond()));
        return new RestoreResult(target, counts.written(), progress.seconds(), create);
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
