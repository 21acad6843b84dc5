package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** An export that fails halfway commits nothing, leaves no multipart upload, and a rerun succeeds. */
class ExportFailureIT {

    /** Cuts the connection on the second UploadPart, as a network failure mid-upload would. */
    static final class FailSecondPart implements ExecutionInterceptor {
        final AtomicBoolean armed = new AtomicBoolean(true);
        final AtomicInteger parts = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest && parts.incrementAndGet() == 2 && armed.get()) {
                throw SdkClientException.create("injected: connection reset during UploadPart");
            }
        }
    }

    @Test
    void failedUploadLeavesNothingCommittedAndARerunSucceeds() throws Exception {
        FailSecondPart failure = new FailSecondPart();
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1");
        try (AwsClients clients = TestAws.clients(settings, failure)) {
            Vault vault = TestAws.vault(clients, settings);
            String table = TestAws.unique("halfway");
            Tables.create(clients.dynamoDb(), table);
            // ~8 MB of incompressible data in one segment: two 5 MiB parts.
            Tables.putIncompressible(clients.dynamoDb(), table, 2000, 3);
            TableExporter exporter = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                    "us-east-1");

            ExportException error = assertThrows(ExportException.class, () -> exporter.export(table, null));

            assertTrue(error.getMessage().contains("nothing committed"), error.getMessage());
            assertTrue(error.getMessage().contains("injected: connection reset"), error.getMessage());
            assertTrue(vault.list(p -> true).points().isEmpty(), "no committed recovery point");
            assertEquals(0, clients.s3().listMultipartUploads(r -> r.bucket(vault.bucket())).uploads().size(),
                    "no open multipart upload");
            assertEquals(0, clients.s3().listObjectsV2(r -> r.bucket(vault.bucket())).keyCount(),
                    "the failed attempt's objects are removed");

            failure.armed.set(false);
            Thread.sleep(1100); // a new recovery point key
            RecoveryPoint point = exporter.export(table, null);

            assertEquals(2000, point.itemCount());
            assertEquals(1, vault.list(p -> true).points().size());
        }
    }
}
