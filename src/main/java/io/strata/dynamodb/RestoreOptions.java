package io.strata.dynamodb;

import io.strata.service.RestoreOption;
import io.strata.service.RestoreRequest;
import io.strata.service.RestoredTags;
import java.util.List;

/**
 * How a restore may treat its target, and the options that say so as DynamoDB declares them (the
 * command line, request files and JMX are built from {@link #DECLARED}).
 *
 * @param overwrite   write into an existing table that holds items (same keys are replaced)
 * @param keys        {@code pk:S[,sk:N]} for a native export, which carries no schema; may be null
 * @param keepPartial keep a table this restore created when the restore fails (normally deleted)
 * @param keepTags    keep the saved tags a configured plan selects on ({@link RestoredTags})
 * @param viaImport   create the table with DynamoDB's ImportTable from the export's files ({@link TableImporter})
 */
public record RestoreOptions(boolean overwrite, String keys, boolean keepPartial, boolean keepTags, boolean viaImport) {

    public RestoreOptions(boolean overwrite, String keys, boolean keepPartial, boolean keepTags) {
        this(overwrite, keys, keepPartial, keepTags, false);
    }

    public static final RestoreOptions DEFAULT = new RestoreOptions(false, null, false);

    public RestoreOptions(boolean overwrite, String keys, boolean keepPartial) {
        this(overwrite, keys, keepPartial, false);
    }

    static final RestoreOption OVERWRITE = RestoreOption.flag("overwrite", "Write into an existing table that holds items.");
    static final RestoreOption KEEP_PARTIAL = RestoreOption.flag("keep-partial",
            "Keep a table this restore created if the restore fails (deleted otherwise).");
    static final RestoreOption KEY = RestoreOption.value("key", "HASH:TYPE[,RANGE:TYPE]",
            "Keys of the new table, for a native export (it carries no schema), e.g. pk:S,sk:N.");

    static final RestoreOption IMPORT = RestoreOption.flag("import", "Create the new table with DynamoDB's ImportTable "
            + "from the export's files (no write capacity used; not for tables with LSIs).");

    static final RestoreOption POINT_IN_TIME = RestoreOption.value("point-in-time", "TIME",
            "Restore a live table (dynamodb:TABLE) as of an ISO-8601 instant in its point-in-time recovery window, "
                    + "or 'latest'.");

    /** The restore options of a DynamoDB table. */
    public static final List<RestoreOption> DECLARED = List.of(OVERWRITE, KEEP_PARTIAL, KEY, RestoredTags.KEEP_TAGS,
            IMPORT, POINT_IN_TIME);
    /** What a restore of an export takes (DynamoDB's own restores make a new table with the recorded schema). */
    static final List<RestoreOption> EXPORT = List.of(OVERWRITE, KEEP_PARTIAL, KEY, RestoredTags.KEEP_TAGS, IMPORT);
    /** What a restore of a native-backup recovery point takes. */
    static final List<RestoreOption> NATIVE_BACKUP = List.of(RestoredTags.KEEP_TAGS);
    /** What a restore of a live table to a point in time takes ({@code dynamodb:TABLE --point-in-time}). */
    static final List<RestoreOption> POINT_IN_TIME_RESTORE = List.of(POINT_IN_TIME, RestoredTags.KEEP_TAGS);

    /** The options of a request, refusing any other (bad usage naming it). */
    static RestoreOptions of(RestoreRequest request) {
        request.allowOnly(DynamoDbService.NAME, EXPORT);
        return new RestoreOptions(request.flag(OVERWRITE.name()), request.option(KEY.name()),
                request.flag(KEEP_PARTIAL.name()), request.flag(RestoredTags.KEEP_TAGS.name()), request.flag(IMPORT.name()));
    }

    public boolean hasKeys() {
        return keys != null && !keys.isBlank();
    }
}
