package io.strata.dynamodb;

/**
 * How a restore may treat its target.
 *
 * @param overwrite   write into an existing table that holds items (same keys are replaced)
 * @param keys        {@code pk:S[,sk:N]} for a native export, which carries no schema; may be null
 * @param keepPartial keep a table this restore created when the restore fails (normally deleted)
 */
public record RestoreOptions(boolean overwrite, String keys, boolean keepPartial) {

    public static final RestoreOptions DEFAULT = new RestoreOptions(false, null, false);

    public boolean hasKeys() {
        return keys != null && !keys.isBlank();
    }
}
