package io.strata.dynamodb;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.attempt.AttemptLease;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;

/**
 * One native export between the steps of {@code backup-dynamodb}: what {@link NativeExporter#begin} opened (the
 * table's schema, the recovery point's key, its lease and the export's client token, derived from the key) and,
 * after {@link NativeExporter#start} and {@link NativeExporter#await}, DynamoDB's description of the export.
 * Nothing of it is a recovery point until {@link NativeExporter#commit}.
 *
 * @param resumed the key is that of an earlier attempt whose export this one picks up (a run killed mid-wait)
 * @param step    with {@code dynamodb.incremental}: the chain's step (null without)
 */
public record NativeExportAttempt(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease,
                                  String clientToken, boolean resumed, ExportDescription export, ChainPlanner.Step step) {

    NativeExportAttempt(TableSchema schema, RecoveryPointKey key, String plan, AttemptLease lease, String clientToken,
                        boolean resumed, ExportDescription export) {
        this(schema, key, plan, lease, clientToken, resumed, export, null);
    }

    NativeExportAttempt with(ExportDescription described) {
        return new NativeExportAttempt(schema, key, plan, lease, clientToken, resumed, described, step);
    }

    /** This attempt as the chain step {@code next}: an incremental export, or a full one (and why). */
    NativeExportAttempt as(ChainPlanner.Step next) {
        return new NativeExportAttempt(schema, key, plan, lease, clientToken, resumed, export, next);
    }

    /** The incremental export this attempt makes, if it makes one. */
    Optional<ChainLink> link() {
        return step == null ? Optional.empty() : step.link();
    }

    String table() {
        return schema.tableName();
    }

    /** The export's id, the last part of its ARN: AWS writes it under {@code <prefix>/AWSDynamoDB/<id>/}. */
    String exportId() {
        String arn = export.exportArn();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The folder of the export's manifests in the recovery point. */
    String exportPrefix() {
        return key.prefix() + "AWSDynamoDB/" + exportId() + "/";
    }
}
