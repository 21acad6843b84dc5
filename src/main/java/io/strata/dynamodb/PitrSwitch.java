package io.strata.dynamodb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

/**
 * A plan's {@code dynamodb.ensure-pitr}: point-in-time recovery turned on, with
 * {@code strata.dynamodb.pitr-days}, for a table that lacks it, before its backup whatever the mode. A table
 * that has it already is left exactly as it is (its own period kept): turning it on again would change
 * nothing AWS restores, and the call is idempotent anyway.
 */
final class PitrSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(PitrSwitch.class);

    private final DynamoDbClient dynamoDb;

    PitrSwitch(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** True when this call turned it on. */
    boolean ensure(String table, int days) {
        try {
            PointInTimeRecoveryDescription pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(table))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription();
            if (pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED) {
                return false;
            }
            dynamoDb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(s -> s
                    .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(days)));
        } catch (RuntimeException e) {
            throw NativeErrors.explain("Turning point-in-time recovery on for " + table + " (ensure-pitr)", e);
        }
        LOG.info("Turned point-in-time recovery on for {} ({} days), as the plan's dynamodb.ensure-pitr asks", table, days);
        return true;
    }
}
