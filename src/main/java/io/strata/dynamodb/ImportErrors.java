package io.strata.dynamodb;

import io.strata.service.Failures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ImportConflictException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** What a refused ImportTable means to the user, and what to do about it. Nothing was created by it. */
final class ImportErrors {

    private ImportErrors() {
    }

    static RestoreException starting(String target, RuntimeException e) {
        String aws = Failures.message(e);
        if (e instanceof LimitExceededException) {
            return new RestoreException("DynamoDB refused to start ImportTable into " + target + ": the account runs "
                    + "as many imports as it allows (50 at once, and at most 500 table operations; LimitExceededException: "
                    + aws + "). Nothing was created: retry once running imports or restores finish", e);
        }
        if (e instanceof ImportConflictException) {
            return new RestoreException("DynamoDB refused ImportTable into " + target + ": an import with the same "
                    + "client token, started by an earlier restore of this recovery point into " + target + " within "
                    + "8 hours, asked for something else (ImportConflictException: " + aws + "). Nothing was created: "
                    + "see aws dynamodb list-imports, or restore into another table name", e);
        }
        if (e instanceof ResourceInUseException) {
            return new RestoreException("Table " + target + " was created by someone else before ImportTable could "
                    + "create it (ResourceInUseException: " + aws + "); nothing was imported", e);
        }
        if (e instanceof AwsServiceException service && service.isThrottlingException()) {
            return new RestoreException("DynamoDB throttled ImportTable into " + target + " on every attempt ("
                    + aws + "); nothing was created: retry later", e);
        }
        return new RestoreException("ImportTable into " + target + " failed: " + aws, e);
    }
}
