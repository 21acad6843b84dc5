package io.strata.dynamodb;

import io.strata.vault.Vault;
import io.strata.vault.lock.ObjectEncryption;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * ExportTableToPointInTime of one attempt: a full DYNAMODB_JSON export into the recovery point's folder,
 * encrypted as the vault encrypts ({@code strata.vault.sse}/{@code kms-key-id}), with the attempt's client
 * token, so that sent again (a retry, a resumed attempt) it answers the export already started. AWS's refusals
 * are turned into what to do about them.
 */
final class NativeExportStart {

    private final DynamoDbClient dynamoDb;
    private final Vault vault;

    NativeExportStart(DynamoDbClient dynamoDb, Vault vault) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
    }

    /** The request: the same for every attempt on the same key, as the token's idempotency requires. */
    ExportTableToPointInTimeRequest request(NativeExportAttempt attempt) {
        String folder = attempt.key().prefix();
        ObjectEncryption encryption = vault.encryption();
        ExportTableToPointInTimeRequest.Builder request = ExportTableToPointInTimeRequest.builder()
                .tableArn(attempt.schema().tableArn()).clientToken(attempt.clientToken())
                .s3Bucket(vault.bucket()).s3Prefix(folder.substring(0, folder.length() - 1))
                .exportType(ExportType.FULL_EXPORT).exportFormat(ExportFormat.DYNAMODB_JSON);
        attempt.link().ifPresent(link -> request.exportType(ExportType.INCREMENTAL_EXPORT)
                .incrementalExportSpecification(s -> s.exportFromTime(link.from()).exportToTime(link.to())
                        .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES)));
        if (ServerSideEncryption.AES256.toString().equals(encryption.algorithm())) {
            request.s3SseAlgorithm(S3SseAlgorithm.AES256);
        } else if (ServerSideEncryption.AWS_KMS.toString().equals(encryption.algorithm())) {
            request.s3SseAlgorithm(S3SseAlgorithm.KMS).s3SseKmsKeyId(encryption.kmsKeyId());
        } else {
            throw new IllegalArgumentException("A native export encrypts with AES256 or aws:kms only, and the vault's "
                    + "strata.vault.sse is '" + encryption.algorithm() + "': use mode scan, or change strata.vault.sse");
        }
        return request.build();
    }

    ExportDescription start(NativeExportAttempt attempt) {
        String table = attempt.table();
        try {
            return dynamoDb.exportTableToPointInTime(request(attempt)).exportDescription();
        } catch (PointInTimeRecoveryUnavailableException e) {
            throw new IllegalStateException("Table " + table + " has point-in-time recovery off, and a native export "
                    + "reads the table's PITR data: turn it on (aws dynamodb update-continuous-backups --table-name "
                    + table + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true), or back it up "
                    + "with mode scan (" + e.awsErrorDetails().errorMessage() + ")", e);
        } catch (ExportConflictException e) {
            throw new IllegalStateException("DynamoDB refused the export of " + table + " into s3://" + vault.bucket()
                    + "/" + attempt.key().prefix() + ": another export writes there (ExportConflictException: "
                    + e.awsErrorDetails().errorMessage() + ")", e);
        } catch (LimitExceededException e) {
            throw new IllegalStateException("DynamoDB refused the export of " + table + ": too many exports at once "
                    + "in this account and region (AWS allows 300 in progress; LimitExceededException: "
                    + e.awsErrorDetails().errorMessage() + "); the next run tries again", e);
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("ImportConflictException".equals(code) || "IdempotentParameterMismatchException".equals(code)) {
                throw new IllegalStateException("DynamoDB refused to resume the export of " + table + " begun at "
                        + attempt.key().time() + ": its client token was sent with other parameters (the vault's "
                        + "bucket or encryption changed since: " + code + ")", e);
            }
            throw e;
        }
    }
}
