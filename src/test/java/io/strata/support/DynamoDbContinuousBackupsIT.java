package io.strata.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/** The PITR double, through the real SDK client: what DynamoDB Local lacks, answered as AWS documents it. */
class DynamoDbContinuousBackupsIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static AwsClients direct;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        clients = TestAws.clients(TestAws.settings(TestAws.unique("vault"), proxy.setting()));
        direct = TestAws.clients(TestAws.settings(TestAws.unique("vault")));
    }

    @AfterAll
    static void stop() {
        clients.close();
        direct.close();
        proxy.close();
    }

    @Test
    void dynamoDbLocalItselfDoesNotKnowTheCalls() {
        String table = TestAws.unique("orders");
        Tables.create(direct.dynamoDb(), table);

        DynamoDbException refused = assertThrows(DynamoDbException.class,
                () -> direct.dynamoDb().describeContinuousBackups(r -> r.tableName(table)));

        assertEquals("UnknownOperationException", refused.awsErrorDetails().errorCode(), refused.getMessage());
    }

    @Test
    void pitrIsOffUntilTurnedOnThenOnWithItsPeriodAndWindowAndTurningItOnAgainChangesNothingElse() {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);

        assertEquals(PointInTimeRecoveryStatus.DISABLED, pitr(dynamoDb, table).pointInTimeRecoveryStatus());

        dynamoDb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(s -> s
                .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
        PointInTimeRecoveryDescription on = pitr(dynamoDb, table);
        dynamoDb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(s -> s
                .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
        PointInTimeRecoveryDescription again = pitr(dynamoDb, table);

        assertEquals(PointInTimeRecoveryStatus.ENABLED, on.pointInTimeRecoveryStatus());
        assertEquals(7, on.recoveryPeriodInDays());
        assertTrue(!on.latestRestorableDateTime().isBefore(on.earliestRestorableDateTime()));
        assertEquals(on.earliestRestorableDateTime(), again.earliestRestorableDateTime(), "enabling twice keeps the window");
        assertTrue(proxy.continuousBackups().enabledSince(table).isPresent());
    }

    @Test
    void anUnknownTableAndAPeriodOutsideOneToThirtyFiveDaysAreRefusedWithAwsErrorCodes() {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);

        assertThrows(TableNotFoundException.class, () -> dynamoDb.describeContinuousBackups(r -> r.tableName("zzz-none")));
        DynamoDbException tooLong = assertThrows(DynamoDbException.class, () -> dynamoDb.updateContinuousBackups(r -> r
                .tableName(table).pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)
                        .recoveryPeriodInDays(36))));
        assertEquals("ValidationException", tooLong.awsErrorDetails().errorCode());
    }

    private static PointInTimeRecoveryDescription pitr(DynamoDbClient dynamoDb, String table) {
        return dynamoDb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription();
    }
}
