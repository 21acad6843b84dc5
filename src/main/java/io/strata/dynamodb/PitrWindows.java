package io.strata.dynamodb;

import io.strata.service.RestoreWindow;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

/** A table's point-in-time window now, as {@code list dynamodb:TABLE} shows it (DescribeContinuousBackups). */
final class PitrWindows {

    private final DynamoDbClient dynamoDb;

    PitrWindows(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    RestoreWindow of(String table) {
        String resource = DynamoDbService.NAME + ":" + table;
        PointInTimeRecoveryDescription pitr;
        try {
            pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription();
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() != null && "UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
                return new RestoreWindow(resource, null, null, "no point-in-time recovery at this endpoint");
            }
            throw e;
        }
        if (pitr == null || pitr.pointInTimeRecoveryStatus() != PointInTimeRecoveryStatus.ENABLED) {
            return new RestoreWindow(resource, null, null, "point-in-time recovery off (a plan's dynamodb.ensure-pitr "
                    + "turns it on)");
        }
        return new RestoreWindow(resource, pitr.earliestRestorableDateTime(), pitr.latestRestorableDateTime(), null);
    }
}
