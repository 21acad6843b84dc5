package io.strata.dynamodb;

import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes and counts a descriptor records must be possible before anything trusts them: none
 * negative, and the recovery point's bytes the sum of its files' bytes. An edited descriptor with
 * {@code bytes=-5} would otherwise pass, since a negative size is read as "unknown" elsewhere.
 */
final class RecordedSizes {

    private RecordedSizes() {
    }

    static List<String> problems(RecoveryPoint point) {
        List<String> problems = new ArrayList<>();
        notNegative(problems, "recovery-point.json", "bytes", point.bytes());
        notNegative(problems, "recovery-point.json", "itemCount", point.itemCount());
        long sum = 0;
        for (DataFile file : point.files()) {
            notNegative(problems, file.key(), "bytes", file.bytes());
            notNegative(problems, file.key(), "itemCount", file.itemCount());
            sum += Math.max(0, file.bytes());
        }
        if (!point.files().isEmpty() && sum != point.bytes()) {
            problems.add("recovery-point.json: bytes is " + point.bytes() + " but its files hold " + sum + " bytes");
        }
        return problems;
    }

    private static void notNegative(List<String> problems, String what, String field, long value) {
        if (value < 0) {
            problems.add(what + ": " + field + " is " + value + " in recovery-point.json, it cannot be negative");
        }
    }
}
