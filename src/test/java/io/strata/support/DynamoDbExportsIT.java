package io.strata.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The Export-to-S3 double, through the real SDK client: what DynamoDB Local lacks, answered as AWS documents it. */
class DynamoDbExportsIT {

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static String bucket;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        bucket = TestAws.unique("exports");
        clients = TestAws.clients(TestAws.settings(bucket, proxy.setting()));
        clients.s3().createBucket(r -> r.bucket(bucket));
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    private static String table(boolean pitr) {
        String table = TestAws.unique("orders");
        try {
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y"),
                    Tables.simple("c", 3, "z")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (pitr) {
            proxy.continuousBackups().enable(table, 7);
        }
        return table;
    }

    private static String arn(String table) {
        return clients.dynamoDb().describeTable(r -> r.tableName(table)).table().tableArn();
    }

    private static Consumer<ExportTableToPointInTimeRequest.Builder> export(String table, String prefix, String token) {
        return r -> r.tableArn(arn(table)).s3Bucket(bucket).s3Prefix(prefix).clientToken(token)
                .exportFormat("DYNAMODB_JSON").exportType("FULL_EXPORT");
    }

    @Test
    void anExportRunsOverPollsThenWritesAwsLayoutAndTheSameTokenAnswersTheSameExport() {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        String table = table(true);
        proxy.exports().pollsToComplete = 2;
        int before = proxy.exports().started();

        ExportDescription started = dynamoDb.exportTableToPointInTime(export(table, "p1", "token-" + table))
                .exportDescription();
        ExportDescription again = dynamoDb.exportTableToPointInTime(export(table, "p1", "token-" + table))
                .exportDescription();
        ExportStatus first = dynamoDb.describeExport(r -> r.exportArn(started.exportArn())).exportDescription().exportStatus();
        ExportDescription done = dynamoDb.describeExport(r -> r.exportArn(started.exportArn())).exportDescription();

        assertEquals(ExportStatus.IN_PROGRESS, started.exportStatus());
        assertTrue(started.exportArn().matches(".*:table/" + table + "/export/\\d{14}-[0-9a-f]{8}"), started.exportArn());
        assertEquals(started.exportArn(), again.exportArn(), "same token, same request: the same export");
        assertEquals(before + 1, proxy.exports().started());
        assertEquals(ExportStatus.IN_PROGRESS, first);
        assertEquals(ExportStatus.COMPLETED, done.exportStatus());
        assertEquals(3, done.itemCount());
        String folder = "p1/AWSDynamoDB/" + started.exportArn().substring(started.exportArn().lastIndexOf('/') + 1) + "/";
        List<String> keys = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents()
                .stream().map(S3Object::key).toList();
        assertTrue(keys.contains(folder + "manifest-summary.json") && keys.contains(folder + "manifest-files.json"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith(folder + "data/") && k.endsWith(".json.gz")), keys.toString());
        assertEquals(folder + "manifest-summary.json", done.exportManifest());
        List<ExportSummary> listed = dynamoDb.listExports(r -> r.tableArn(arn(table))).exportSummaries();
        assertEquals(List.of(started.exportArn()), listed.stream().map(ExportSummary::exportArn).toList());
    }

    @Test
    void theSameTokenWithOtherParametersAConflictingPrefixPitrOffAndTheLimitAreRefusedWithAwsCodes() {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        String table = table(true);
        proxy.exports().pollsToComplete = Integer.MAX_VALUE;
        try {
            dynamoDb.exportTableToPointInTime(export(table, "p2", "t2-" + table));

            DynamoDbException mismatch = assertThrows(DynamoDbException.class,
                    () -> dynamoDb.exportTableToPointInTime(export(table, "other", "t2-" + table)));
            assertEquals("ImportConflictException", mismatch.awsErrorDetails().errorCode());
            assertThrows(ExportConflictException.class,
                    () -> dynamoDb.exportTableToPointInTime(export(table, "p2", "t3-" + table)));
            assertThrows(PointInTimeRecoveryUnavailableException.class,
                    () -> dynamoDb.exportTableToPointInTime(export(table(false), "p4", "t4-" + table)));
            proxy.exports().limit = 1;
            assertThrows(LimitExceededException.class,
                    () -> dynamoDb.exportTableToPointInTime(export(table, "p5", "t5-" + table)));
        } finally {
            proxy.exports().limit = 300;
            proxy.exports().pollsToComplete = 1;
            proxy.exports().completeAll();
        }
    }
}
