package io.strata.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;

/**
 * What a COMPLETED import must report: every item of the export processed and imported, none in
 * error. ImportTable completes even when items fail (counted in {@code ErrorCount}, detailed only in
 * CloudWatch Logs) and keeps one of two items with the same key without counting an error: only
 * comparing the counts with the export's shows either.
 */
final class ImportCounts {

    private ImportCounts() {
    }

    static void check(ImportTableDescription done, ExportSource source) {
        long expected = source.expectedItems();
        long processed = orZero(done.processedItemCount());
        long imported = orZero(done.importedItemCount());
        long errors = orZero(done.errorCount());
        if (errors == 0 && processed == expected && imported == expected) {
            return;
        }
        throw new RestoreException("ImportTable reports " + imported + " items imported, " + processed
                + " processed and " + errors + " errors, but " + source.description() + " holds " + expected
                + " items" + (imported < processed && errors == 0 ? " (items sharing a key are kept once)" : "")
                + (errors > 0 ? " (the errors are detailed in the import's CloudWatch log group "
                + done.cloudWatchLogGroupArn() + ")" : "") + ": the table is not a copy of the recovery point");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
