package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.service.Progress;
import io.strata.service.RestoredTags;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.Vault;
import io.strata.vault.attempt.RestoreClaim;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Restores an export into a new table with DynamoDB's ImportTable ({@code --import}): DynamoDB reads
 * the files and creates the table, using no write capacity. Everything a scan restore checks is
 * checked here too, in this order:
 * <ol>
 *   <li>the schema allows it (ImportTable cannot create LSIs) and the target does not exist;</li>
 *   <li>the data folder holds exactly the export's files, each proven against its record
 *       ({@link ExportProof}: digests, item counts, unique keys) before ImportTable is called;</li>
 *   <li>DescribeImport is polled until COMPLETED; then its counts must equal the export's items
 *       (ImportTable keeps one of two items with the same key and reports no error for it), and the
 *       table is counted, since a file rewritten after the proof is read by AWS, not by Strata;</li>
 *   <li>what AWS does not restore is put back ({@link TableSettingsReapply}), and the table waited for
 *       until ACTIVE.</li>
 * </ol>
 * A failure after the import began deletes the table it created unless {@code --keep-partial}.
 */
final class TableImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TableImporter.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final DynamoDbSettings settings;
    private final BooleanSupplier stopRequested;
    private final Waiter waiter;
    private final Throttled throttled = new Throttled(6, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Throttled.codes("ThrottlingException", "RequestLimitExceeded"));

    TableImporter(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings settings, BooleanSupplier stopRequested) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.settings = settings;
        this.stopRequested = stopRequested;
        this.waiter = new Waiter(settings.imports().pollInterval(), wait -> {
            Thread.sleep(wait.toMillis());
            return stopRequested.getAsBoolean();
        });
    }

    RestoreResult restore(ExportSource source, String target, RestoreOptions options) {
        TableSchema schema = KeyCheck.schemaFor(source, target, options).orElseThrow(() -> new RestoreException(
                source.description() + " carries no table schema: pass --key HASH:TYPE[,RANGE:TYPE] with --import"));
        refuseWhatImportCannotDo(source, target, schema, options);
        String region = dynamoDb.serviceClientConfiguration().region().id();
        try (RestoreClaim claim = RestoreClaim.take(vault, region, target, source.reference(), RestoreClaim.TIMING,
                Clock.systemUTC())) {
            return restoreClaimed(source, target, schema, options);
        }
    }

    private void refuseWhatImportCannotDo(ExportSource source, String target, TableSchema schema,
                                          RestoreOptions options) {
        if (!schema.localSecondaryIndexes().isEmpty()) {
            throw new RestoreException("--import cannot restore " + source.description() + ": its table has local "
                    + "secondary indexes " + schema.localSecondaryIndexes().stream().map(TableSchema.Index::name).toList()
                    + ", which ImportTable cannot create; restore without --import (Strata creates them and writes "
                    + "the items)");
        }
        if (options.overwrite()) {
            throw new RestoreException("--import creates a new table; it cannot write into one (--overwrite)");
        }
        if (exists(target)) {
            throw new RestoreException("Table " + target + " already exists: --import creates a new table with "
                    + "ImportTable; name a new table with --to, or restore without --import");
        }
    }

    private RestoreResult restoreClaimed(ExportSource source, String target, TableSchema schema, RestoreOptions options) {
        String prefix = ImportParameters.dataPrefix(source);
        ImportParameters.checkOnlyTheFiles(vault.s3(), source, prefix);
        if (source.schema().isEmpty()) {
            KeyCheck.againstFirstItem(vault, source, schema);
        }
        new ExportProof(vault, stopRequested).prove(source, schema);
        LOG.info("Importing {} ({} items in {} files) into new table {} with ImportTable", source.description(),
                source.expectedItems(), source.files().size(), target);
        Progress progress = new Progress("import " + target, source.expectedItems(), Duration.ofMinutes(1));
        ImportTableDescription started = start(source, prefix, target, schema);
        RestoredTags tags = new RestoredTags(schema.tags(), source.reference(), settings.planTags(), options.keepTags());
        try {
            ImportTableDescription done = waitForImport(started, target, source.expectedItems());
            ImportCounts.check(done, source);
            RestoreMark marks = new RestoreMark(dynamoDb);
            String arn = describeArn(target);
            marks.mark(arn, source.reference());
            new RestoredCount(dynamoDb, countSegments(source)).check(target, source.expectedItems(), true);
            // TTL, stream, tags, PITR and the KMS key, as after every restore; ends when the table is ACTIVE.
            new TableSettingsReapply(dynamoDb).apply(target, schema, tags.tags());
            marks.clear(arn);
        } catch (RuntimeException e) {
            throw failed(source, target, options.keepPartial(), started.importArn(), e);
        }
        LOG.info("Imported {} items into {} in {}s. {}", source.expectedItems(), target,
                String.format("%.1f", progress.seconds()), TableSettingsReapply.NOT_RESTORED);
        return new RestoreResult(target, source.expectedItems(), progress.seconds(), true,
                tags.note("table") + " (ImportTable " + started.importArn() + ")");
    }

    private ImportTableDescription start(ExportSource source, String prefix, String target, TableSchema schema) {
        try {
            return throttled.call(() -> dynamoDb.importTable(ImportParameters.request(source, prefix, target, schema)))
                    .importTableDescription();
        } catch (RuntimeException e) {
            throw ImportErrors.starting(target, e);
        }
    }

    private ImportTableDescription waitForImport(ImportTableDescription started, String target, long expected) {
        String what = "ImportTable " + started.importArn() + " into " + target;
        try {
            return waiter.until(what, settings.imports().timeout(), ImportSettings.TIMEOUT.key(),
                    () -> throttled.call(() -> dynamoDb.describeImport(r -> r.importArn(started.importArn())))
                            .importTableDescription(),
                    d -> describe(d, expected),
                    d -> d.importStatus() == ImportStatus.COMPLETED,
                    d -> d.importStatus() == ImportStatus.FAILED || d.importStatus() == ImportStatus.CANCELLED
                            || d.importStatus() == ImportStatus.CANCELLING);
        } catch (Waiter.Stopped e) {
            throw new RestoreException(Failures.message(e) + "; the import goes on in AWS", e);
        }
    }

    private static String describe(ImportTableDescription d, long expected) {
        String status = d.importStatusAsString();
        if (d.failureCode() != null || d.failureMessage() != null) {
            return status + " (" + d.failureCode() + ": " + d.failureMessage() + ")";
        }
        long processed = d.processedItemCount() == null ? 0 : d.processedItemCount();
        return String.format("%s, %,d of %,d items processed", status, processed, expected);
    }

    private int countSegments(ExportSource source) {
        return settings.segments() > 0 ? settings.segments()
                : (int) Math.max(4, Math.min(1000, source.expectedItems() / 1_000_000 + 1));
    }

    private boolean exists(String table) {
        return describeTable(table).isPresent();
    }

    private String describeArn(String table) {
        return dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
    }

    private Optional<String> describeTable(String table) {
        try {
            return Optional.of(dynamoDb.describeTable(r -> r.tableName(table)).table().tableStatusAsString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** As a scan restore's failure: the table the import created is deleted, unless --keep-partial. */
    private RestoreException failed(ExportSource source, String target, boolean keepPartial, String importArn,
                                    RuntimeException e) {
        String reason = "Restore of " + source.description() + " into " + target + " with ImportTable " + importArn
                + " failed: " + Failures.message(e);
        Optional<String> status = describeTable(target);
        if (status.isEmpty()) {
            return new RestoreException(reason + ". No table " + target + " exists", e);
        }
        if (keepPartial) {
            return new RestoreException(reason + ". Table " + target + ", created by this import, was kept as "
                    + "--keep-partial asks: it is NOT a checked copy of the recovery point", e);
        }
        try {
            dynamoDb.deleteTable(r -> r.tableName(target));
            return new RestoreException(reason + ". Table " + target + ", created by this import, was deleted "
                    + "(--keep-partial keeps it)", e);
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
            return new RestoreException(reason + ". Table " + target + " (" + status.get() + "), created by this "
                    + "import, could not be deleted (" + Failures.message(cleanup) + "): delete it, it is NOT a checked "
                    + "copy", e);
        }
    }
}
