package io.strata.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * DynamoDB's refusals of its backup and restore calls, said so that the user knows what to do: each
 * message names the call, the table or backup, AWS's error code and the way out.
 */
final class NativeErrors {

    private NativeErrors() {
    }

    /** {@code what} (e.g. "CreateBackup of orders") refused by DynamoDB: the exception to throw. */
    static RuntimeException explain(String what, RuntimeException e) {
        if (!(e instanceof DynamoDbException aws) || aws.awsErrorDetails() == null) {
            return e;
        }
        String code = aws.awsErrorDetails().errorCode();
        String message = aws.awsErrorDetails().errorMessage();
        String advice = switch (code == null ? "" : code) {
            case "LimitExceededException" -> "AWS allows 50 table restores and imports at once per account and "
                    + "region (and limits concurrent backups and control-plane calls); wait for running ones to finish, "
                    + "or ask AWS for a higher quota";
            case "ThrottlingException", "RequestLimitExceeded", "ProvisionedThroughputExceededException" ->
                    "DynamoDB throttled the call after every retry (strata.aws.max-attempts); run fewer at once or later";
            case "PointInTimeRecoveryUnavailableException" -> "point-in-time recovery is off for the table: turn it "
                    + "on (aws dynamodb update-continuous-backups --point-in-time-recovery-specification "
                    + "PointInTimeRecoveryEnabled=true) or set strata.plan.<name>.dynamodb.ensure-pitr=true";
            case "ContinuousBackupsUnavailableException" -> "DynamoDB is still enabling backups for the table; try "
                    + "again in a few minutes";
            case "TableAlreadyExistsException" -> "the target table exists: restore into a new name (AWS restores "
                    + "into a new table only)";
            case "BackupNotFoundException" -> "the backup is gone (deleted outside Strata, or expired)";
            case "BackupInUseException" -> "the backup is still being created, or another operation uses it; try again";
            case "TableInUseException" -> "the table is being created, updated or deleted; try again once it is ACTIVE";
            case "TableNotFoundException", "ResourceNotFoundException" -> "no such table in this account and region";
            default -> null;
        };
        if (advice == null) {
            return e;
        }
        return new NativeBackupException(what + " refused (" + code + (message == null ? "" : ": " + message) + "): "
                + advice, e);
    }

    /** A refusal of DynamoDB's, explained. */
    static final class NativeBackupException extends IllegalStateException {
        NativeBackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
