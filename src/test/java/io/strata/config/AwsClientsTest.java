package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Clients are built on first use, once, whichever thread asks first (building one makes no AWS call). */
class AwsClientsTest {

    private static StrataSettings settings() {
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint", "http://127.0.0.1:9");
        properties.setProperty("strata.vault.bucket", "unused");
        return StrataSettings.from(properties);
    }

    @Test
    void nothingIsBuiltUntilAskedForAndEachClientOnce() {
        try (AwsClients clients = new AwsClients(settings())) {
            assertEquals(List.of(), clients.built());

            var s3 = clients.s3();
            assertSame(s3, clients.s3());
            assertSame(s3, clients.s3(Region.US_EAST_1), "the home region's client is the home client");
            clients.rds(Region.EU_WEST_1);

            assertEquals(List.of("s3 us-east-1", "rds eu-west-1"), clients.built());
        }
    }

    @Test
    void threadsAskingAtOnceShareOneClient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AwsClients clients = new AwsClients(settings())) {
            List<Callable<DynamoDbClient>> asks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asks.add(clients::dynamoDb);
            }
            List<Future<DynamoDbClient>> answers = pool.invokeAll(asks);

            for (Future<DynamoDbClient> answer : answers) {
                assertSame(answers.get(0).get(), answer.get());
            }
            assertEquals(List.of("dynamodb us-east-1"), clients.built());
        } finally {
            pool.shutdown();
        }
    }
}
