package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Clients are built on first use, once, whichever thread asks first (building one makes no AWS call);
 * a short command's clients send their requests through the JDK's HTTP client, the daemon's through Apache's.
 */
class AwsClientsTest {

    private static StrataSettings settings() {
        return settings("http://127.0.0.1:9");
    }

    private static StrataSettings settings(String endpoint) {
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint", endpoint);
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

    @Test
    void shortCommandsSpeakThroughTheJdkClientAndLongWorkThroughApaches() throws IOException {
        List<String> agents = new CopyOnWriteArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/", exchange -> {
            agents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            byte[] noTables = "{\"TableNames\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, noTables.length);
            exchange.getResponseBody().write(noTables);
            exchange.close();
        });
        endpoint.start();
        Properties properties = new Properties();
        properties.putAll(settings("http://127.0.0.1:" + endpoint.getAddress().getPort()).properties());
        properties.setProperty("strata.local", "true"); // local mode's fixed credentials: no chain to search
        StrataSettings settings = StrataSettings.from(properties);
        try (AwsClients quick = new AwsClients(settings, List.of(), AwsClients.Http.SHORT);
             AwsClients pooled = new AwsClients(settings, List.of())) {
            assertEquals(List.of(), quick.dynamoDb().listTables().tableNames());
            assertEquals(List.of(), pooled.dynamoDb().listTables().tableNames());
        } finally {
            endpoint.stop(0);
        }

        // The SDK names its HTTP client in every request's User-Agent (md/http#…).
        assertEquals(2, agents.size(), agents.toString());
        assertTrue(agents.get(0).contains("UrlConnection"), agents.get(0));
        assertTrue(agents.get(1).contains("Apache"), agents.get(1));
    }
}
