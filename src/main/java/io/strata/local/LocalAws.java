package io.strata.local;

import com.adobe.testing.s3mock.S3MockApplication;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded AWS for {@code strata demo}, {@code strata.local=true} and the tests: Amazon DynamoDB
 * Local and Adobe S3Mock, in this JVM, each on a free port of 127.0.0.1. Its classes are on the
 * classpath only in local mode (provided scope), so a production run never loads them.
 */
public final class LocalAws implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final DynamoDBProxyServer dynamoDb;
    private final S3MockApplication s3;
    private final Path s3Root;
    private final URI dynamoDbEndpoint;
    private final URI s3Endpoint;

    private LocalAws(DynamoDBProxyServer dynamoDb, URI dynamoDbEndpoint, S3MockApplication s3, URI s3Endpoint,
                     Path s3Root) {
        this.dynamoDb = dynamoDb;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.s3 = s3;
        this.s3Endpoint = s3Endpoint;
        this.s3Root = s3Root;
    }

    public static LocalAws start() {
        long started = System.nanoTime();
        // S3Mock is a Spring Boot app: keep it from reconfiguring Strata's logging.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        DynamoDBProxyServer dynamoDb = null;
        try {
            int dynamoPort = freePort();
            // DynamoDB Local prints its configuration to stdout, which belongs to command output.
            java.io.PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                dynamoDb = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", String.valueOf(dynamoPort), "-disableTelemetry"});
                bindToLoopback(dynamoDb);
                dynamoDb.start();
            } finally {
                System.setOut(stdout);
            }
            Path root = Files.createTempDirectory("strata-s3-");
            int s3Port = freePort();
            S3MockApplication s3 = S3MockApplication.start(new java.util.HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, s3Port,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    "server.address", LOOPBACK,
                    "com.adobe.testing.s3mock.store.root", root.toString(),
                    "com.adobe.testing.s3mock.store.retainFilesOnExit", false,
                    "spring.main.banner-mode", "off",
                    "spring.main.sources", LoopbackHttpConnector.class.getName(),
                    "logging.level.root", "WARN")));
            LocalAws local = new LocalAws(dynamoDb, URI.create("http://" + LOOPBACK + ":" + dynamoPort), s3,
                    URI.create("http://" + LOOPBACK + ":" + s3Port), root);
            LOG.info("Embedded AWS up in {}s: DynamoDB Local {}, S3 {}", String.format("%.1f", (System.nanoTime() - started) / 1e9),
                    local.dynamoDbEndpoint, local.s3Endpoint);
            return local;
        } catch (Exception e) {
            if (dynamoDb != null) {
                try {
                    dynamoDb.stop();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("Cannot start the embedded AWS services: " + e.getMessage(), e);
        }
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    /** The settings that point Strata at these services. */
    public Map<String, String> settings() {
        return Map.of("strata.local", "true",
                "strata.aws.endpoint.dynamodb", dynamoDbEndpoint.toString(),
                "strata.aws.endpoint.s3", s3Endpoint.toString(),
                "strata.aws.region", "us-east-1");
    }

    /** DynamoDB Local has no host option and binds every interface; these tests must bind loopback only. */
    private static void bindToLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Object jetty = field.get(server);
        Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
        for (Object connector : connectors) {
            connector.getClass().getMethod("setHost", String.class).invoke(connector, LOOPBACK);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            s3.stop();
        } catch (RuntimeException e) {
            LOG.debug("S3Mock stop: {}", e.getMessage());
        }
        try {
            dynamoDb.stop();
        } catch (Exception e) {
            LOG.debug("DynamoDB Local stop: {}", e.getMessage());
        }
        try (Stream<Path> files = Files.walk(s3Root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
