package io.strata.dynamodb;

import java.util.Arrays;

/**
 * How a plan backs up a DynamoDB table ({@code strata.plan.<name>.dynamodb.mode}), and the word each
 * recovery point records as its {@code mode}. Only the modes built so far are accepted by the setting
 * ({@link DynamoDbPlans#MODE}): a plan never asks for a mode that silently runs as another.
 */
public enum DynamoDbMode {
    /** Strata's own streaming parallel Scan into the vault, in Export-to-S3's layout. */
    SCAN("scan"),
    /** DynamoDB's ExportTableToPointInTime into the recovery point's folder (no read capacity; needs PITR). */
    NATIVE_EXPORT("native-export"),
    /** DynamoDB's on-demand CreateBackup; the vault holds the descriptor only. */
    NATIVE_BACKUP("native-backup"),
    /** native-export for a large table with PITR on, scan otherwise: decided per table at each run. */
    AUTO("auto");

    private final String word;

    DynamoDbMode(String word) {
        this.word = word;
    }

    /** As settings and descriptors write it. */
    public String word() {
        return word;
    }

    /** The mode a setting or a descriptor names. */
    public static DynamoDbMode of(String word) {
        return Arrays.stream(values()).filter(m -> m.word.equals(word.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no DynamoDB mode '" + word + "'"));
    }
}
