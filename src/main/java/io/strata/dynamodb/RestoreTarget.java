package io.strata.dynamodb;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What a restore finds at its target before it changes anything: no table (the restore creates one
 * from the saved schema), or a table it may write into — empty, or holding items with
 * {@code --overwrite} — whose keys are the export's. A table that an interrupted restore left (it
 * carries {@link RestoreMark}) is refused without {@code --overwrite}, saying what it holds and
 * the command that finishes it.
 */
final class RestoreTarget {

    /** The target as found: {@code existing} empty when the restore is to create it. */
    record Found(String name, Optional<TableDescription> existing) {
        boolean create() {
            return existing.isEmpty();
        }
    }

    private final DynamoDbClient dynamoDb;

    RestoreTarget(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    Found check(String target, Optional<TableSchema> schema, ExportSource source, RestoreOptions options) {
        Optional<TableDescription> existing = describe(target);
        if (existing.isEmpty() && schema.isEmpty()) {
            throw new RestoreException(source.description() + " carries no table schema: pass --key HASH:TYPE[,RANGE:TYPE] "
                    + "(e.g. --key pk:S,sk:N) or create the empty table '" + target + "' first");
        }
        if (existing.isPresent()) {
            checkNotInterrupted(existing.get(), source, options.overwrite());
            checkWritable(existing.get(), schema, options.overwrite());
        }
        return new Found(target, existing);
    }

    /** A table an interrupted restore left holds part of a copy: only --overwrite writes into it. */
    private void checkNotInterrupted(TableDescription table, ExportSource source, boolean overwrite) {
        Optional<String> interrupted = new RestoreMark(dynamoDb).of(table.tableArn());
        if (interrupted.isEmpty() || overwrite) {
            return;
        }
        String name = table.tableName();
        String finish = "strata restore " + interrupted.get() + " --to " + name + " --overwrite";
        String instead = interrupted.get().equals(source.reference()) ? ""
                : "; to restore " + source.reference() + " into it instead, add --overwrite to this restore";
        throw new RestoreException("Table " + name + " holds an interrupted restore of " + interrupted.get()
                + " (it is tagged " + RestoreMark.KEY + "): an incomplete copy. Finish that restore with: " + finish
                + instead + "; or delete the table");
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
