package io.strata.local;

import com.adobe.testing.s3mock.S3MockApplication;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.LogManager;
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
    /**
     * The one KMS key the embedded S3 accepts, so that SSE-KMS can be tried locally. S3Mock refuses
     * any other key and compares the request's key id with the part of the ARN after {@code key/}:
     * locally, set {@code strata.vault.kms-key-id} to {@link #LOCAL_KMS_KEY_ID}, not to the ARN.
     */
    public static final String LOCAL_KMS_KEY_ID = "0b7e3f52-5d1c-4a43-9c55-57a7a1c0ffee";
    private static final String LOCAL_KMS_KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/" + LOCAL_KMS_KEY_ID;

    private final LocalService dynamoDb;
    private final LocalService s3;

    private LocalAws(LocalService dynamoDb, LocalService s3) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
    }

    /** Both services in this JVM with nothing kept (the tests): DynamoDB Local in memory, S3 in a temporary folder. */
    public static LocalAws start() {
        return start(null);
    }

    /**
     * Both services in this JVM, started side by side (each spends most of its start loading classes, one core each).
     * @param dataDir where DynamoDB Local ({@code dynamodb/}) and S3 ({@code s3/}) keep their data between processes
     *                (local mode, {@code strata demo}); null to keep nothing. Callers hold {@link LocalDataDir}'s lock.
     */
    public static LocalAws start(Path dataDir) {
        long started = System.nanoTime();
        quietLogging();
        CompletableFuture<LocalService> dynamoDbStart = CompletableFuture.supplyAsync(
                () -> startDynamoDb(dataDir == null ? null : dataDir.resolve("dynamodb")), LocalAws::daemonThread);
        LocalService s3;
        try {
            s3 = dataDir == null ? startS3() : startS3(dataDir.resolve("s3"), true);
        } catch (RuntimeException e) {
            dynamoDbStart.thenAccept(LocalService::close);
            throw e;
        }
        LocalService dynamoDb;
        try {
            dynamoDb = dynamoDbStart.join();
        } catch (CompletionException e) {
            s3.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        LOG.info("Embedded AWS up in {}s: DynamoDB Local {}, S3 {}{}", String.format("%.1f", (System.nanoTime() - started) / 1e9),
                dynamoDb.endpoint(), s3.endpoint(), dataDir == null ? "" : ", data in " + dataDir);
        return new LocalAws(dynamoDb, s3);
    }

    private static void daemonThread(Runnable task) {
        Thread thread = new Thread(task, "dynamodb-local-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** DynamoDB Local alone (in memory) on a free port of 127.0.0.1. */
    public static LocalService startDynamoDb() {
        return startDynamoDb(null);
    }

    /** DynamoDB Local on a free port of 127.0.0.1: its tables in one file under {@code dbPath}, or in memory if null. */
    public static LocalService startDynamoDb(Path dbPath) {
        quietLogging();
        try {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-disableTelemetry"));
            if (dbPath == null) {
                args.add("-inMemory");
            } else {
                // -sharedDb: one file whatever the credentials and region, so every local command sees the same tables.
                Files.createDirectories(dbPath);
                args.addAll(List.of("-dbPath", dbPath.toString(), "-sharedDb"));
            }
            // DynamoDB Local prints its configuration to stdout, which belongs to command output.
            PrintStream stdout = System.out;
            System.setOut(System.err);
            DynamoDBProxyServer server = null;
            try {
                server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                bindToLoopback(server);
                server.start();
            } catch (Exception e) {
                stop(server);
                throw e;
            } finally {
                System.setOut(stdout);
            }
            DynamoDBProxyServer started = server;
            return new LocalService(URI.create("http://" + LOOPBACK + ":" + port), () -> stop(started));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded AWS services (DynamoDB Local): " + e.getMessage(), e);
        }
    }

    private static void stop(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("DynamoDB Local stop: {}", e.getMessage());
        }
    }

    /** S3Mock alone on a free port of 127.0.0.1, storing under a temporary folder deleted on close. */
    public static LocalService startS3() {
        try {
            return startS3(Files.createTempDirectory("strata-s3-"), false);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the embedded AWS services (S3): " + e.getMessage(), e);
        }
    }

    /** S3Mock on a free port of 127.0.0.1 storing under {@code root}: kept on close (and read again by the next start) if {@code keep}. */
    public static LocalService startS3(Path root, boolean keep) {
        quietLogging();
        try {
            Files.createDirectories(root);
            int port = freePort();
            S3MockApplication s3 = S3MockApplication.start(new HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, port,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    "server.address", LOOPBACK,
                    "com.adobe.testing.s3mock.store.root", root.toString(),
                    "com.adobe.testing.s3mock.store.retainFilesOnExit", keep,
                    "com.adobe.testing.s3mock.store.validKmsKeys", LOCAL_KMS_KEY_ARN,
                    "spring.main.banner-mode", "off",
                    "spring.main.sources", LoopbackHttpConnector.class.getName(),
                    "logging.level.root", "WARN")));
            return new LocalService(URI.create("http://" + LOOPBACK + ":" + port), () -> {
                try {
                    s3.stop();
                } catch (RuntimeException e) {
                    LOG.debug("S3Mock stop: {}", e.getMessage());
                }
                if (!keep) {
                    deleteTree(root);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded AWS services (S3): " + e.getMessage(), e);
        }
    }

    /** S3Mock is a Spring Boot app: keep it from reconfiguring Strata's logging. */
    private static void quietLogging() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        LogManager.getLogManager().getLogger("").setLevel(Level.WARNING); // the root logger of java.util.logging
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** The settings that point Strata at these services. */
    public Map<String, String> settings() {
        return Map.of("strata.local", "true",
                "strata.aws.endpoint.dynamodb", dynamoDbEndpoint().toString(),
                "strata.aws.endpoint.s3", s3Endpoint().toString(),
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
        s3.close();
        dynamoDb.close();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
