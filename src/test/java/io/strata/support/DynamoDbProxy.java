package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.config.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A loopback HTTP server in front of DynamoDB Local, speaking DynamoDB's JSON 1.0 protocol
 * ({@code X-Amz-Target: DynamoDB_20120810.<Operation>}), so that the real {@code DynamoDbClient}
 * runs its whole pipeline (marshalling, CRC32 check, retries) against it. It forwards every request
 * byte for byte and adds only what the emulator lacks, as AWS documents it:
 * <ul>
 *   <li>tagging ({@link DynamoDbTags}): DynamoDB Local 2.6.1 answers TagResource, UntagResource and
 *       ListTagsOfResource with "Tagging is not currently supported" and ignores CreateTable's Tags
 *       (both checked);</li>
 *   <li>point-in-time recovery ({@link DynamoDbContinuousBackups}): DynamoDB Local answers
 *       DescribeContinuousBackups and UpdateContinuousBackups with UnknownOperationException;</li>
 *   <li>on-demand backups ({@link DynamoDbBackups}) and point-in-time restores ({@link DynamoDbPitrHistory}):
 *       DynamoDB Local answers UnknownOperationException;</li>
 *   <li>table encryption ({@link DynamoDbEncryption}): DynamoDB Local has no KMS;</li>
 *   <li>import from S3 ({@link DynamoDbImports}): ImportTable, DescribeImport and ListImports, reading
 *       the objects from this JVM's S3Mock and creating the table in DynamoDB Local;</li>
 *   <li>item history ({@link DynamoDbItemHistory}): every version of the items of a table with PITR on, with
 *       its write time, observed in the writes forwarded; DynamoDB Local keeps only the present;</li>
 *   <li>Export to S3 ({@link DynamoDbExports}), writing real objects to this JVM's S3Mock: DynamoDB Local
 *       answers ExportTableToPointInTime, DescribeExport and ListExports with UnknownOperationException;</li>
 *   <li>throttling, UnprocessedItems and slow answers to BatchWriteItem ({@link DynamoDbWriteFaults}):
 *       DynamoDB Local never throttles nor leaves items unprocessed; real DynamoDB does both under load.</li>
 * </ul>
 * Binds 127.0.0.1 on a free port; its threads are daemons and {@link #close()} stops it. A child JVM
 * reaches it as {@code strata.aws.endpoint.dynamodb} ({@link #endpoint()}).
 */
public final class DynamoDbProxy implements AutoCloseable {

    static final String PREFIX = "DynamoDB_20120810.";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Headers the JDK client sets itself (or refuses), and hop-by-hop headers a proxy does not forward. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** One HTTP answer: forwarded from DynamoDB Local, or made here. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        /** A JSON answer made here, with the CRC32 header DynamoDB sends and the SDK checks. */
        static Reply json(int status, JsonNode body) {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return new Reply(status, Map.of("Content-Type", List.of("application/x-amz-json-1.0"),
                    "x-amzn-RequestId", List.of(UUID.randomUUID().toString()),
                    "x-amz-crc32", List.of(String.valueOf(crc.getValue()))), bytes);
        }

        /** An error as DynamoDB reports it: the SDK maps {@code __type} to its exception class. */
        static Reply error(int status, String type, String message) {
            return json(status, JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#" + type)
                    .put("message", message));
        }

        boolean ok() {
            return status == 200;
        }

        JsonNode tree() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A request as received: its operation, headers (credentials and region decide DynamoDB Local's database) and body. */
    record Call(String operation, Map<String, List<String>> headers, byte[] body) {

        JsonNode tree() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The same caller asking something else (DescribeTable, a BatchWriteItem cut short). */
        Call with(String otherOperation, JsonNode otherBody) {
            return new Call(otherOperation, headers, otherBody.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final DynamoDbTags tags = new DynamoDbTags(this);
    private final DynamoDbWriteFaults faults = new DynamoDbWriteFaults(this);
    private final DynamoDbTableCopies copies = new DynamoDbTableCopies(this);
    private final DynamoDbContinuousBackups continuousBackups = new DynamoDbContinuousBackups(this, copies);
    private final DynamoDbBackups backups = new DynamoDbBackups(this, copies);
    private final DynamoDbEncryption encryption = new DynamoDbEncryption(this);
    private final DynamoDbImports imports = new DynamoDbImports(this);
    private final DynamoDbItemHistory history = new DynamoDbItemHistory(this,
            table -> continuousBackups.enabledSince(table).isPresent());
    /** S3 of this JVM's S3Mock, where exports write, made at the first export. */
    private AwsClients s3Clients;
    private final DynamoDbExports exports = new DynamoDbExports(this, this::s3);

    private DynamoDbProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "dynamodb-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** In front of this JVM's DynamoDB Local. */
    public static DynamoDbProxy start() {
        return start(TestAws.services().dynamoDbEndpoint());
    }

    public static DynamoDbProxy start(URI upstream) {
        try {
            return new DynamoDbProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code strata.aws.endpoint.dynamodb} aimed here, to put after other settings. */
    public String[] setting() {
        return new String[] {"strata.aws.endpoint.dynamodb", endpoint().toString()};
    }

    public DynamoDbWriteFaults faults() {
        return faults;
    }

    public DynamoDbTags tags() {
        return tags;
    }

    public DynamoDbContinuousBackups continuousBackups() {
        return continuousBackups;
    }

    public DynamoDbBackups backups() {
        return backups;
    }

    public DynamoDbEncryption encryption() {
        return encryption;
    }

    public DynamoDbImports imports() {
        return imports;
    }

    public DynamoDbItemHistory history() {
        return history;
    }

    public DynamoDbExports exports() {
        return exports;
    }

    private synchronized S3Client s3() {
        if (s3Clients == null) {
            s3Clients = TestAws.clients(TestAws.settings("dynamodb-exports-unused"));
        }
        return s3Clients.s3();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(PREFIX) ? target.substring(PREFIX.length()) : "";
            Reply reply;
            try {
                reply = answer(new Call(operation, exchange.getRequestHeaders(), body));
            } catch (RuntimeException e) {
                reply = Reply.error(500, "InternalServerError", "proxy: " + e);
            }
            reply.headers().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private Reply answer(Call call) {
        return switch (call.operation()) {
            case "TagResource", "UntagResource", "ListTagsOfResource" -> tags.answer(call);
            case "BatchWriteItem" -> history.write(call, () -> continuousBackups.history().batchWritten(call,
                    faults.batchWrite(call)));
            case "PutItem", "UpdateItem", "DeleteItem" -> history.write(call, () -> continuousBackups.history()
                    .written(call, forward(call)));
            case "CreateTable" -> tags.created(call, encryption.createOrUpdate(call));
            case "UpdateTable" -> encryption.createOrUpdate(call);
            case "DescribeTable" -> encryption.described(forward(call));
            case "DeleteTable" -> {
                continuousBackups.forget(call.tree().path("TableName").asText(""));
                history.forget(call.tree().path("TableName").asText(""));
                encryption.forget(call.tree().path("TableName").asText(""));
                yield tags.deleted(forward(call));
            }
            case "DescribeContinuousBackups", "UpdateContinuousBackups" -> continuousBackups.answer(call);
            case "RestoreTableToPointInTime" -> continuousBackups.restore(call);
            case "CreateBackup", "DescribeBackup", "DeleteBackup", "ListBackups", "RestoreTableFromBackup" ->
                    backups.answer(call);
            case "ImportTable", "DescribeImport", "ListImports" -> imports.answer(call);
            case "ExportTableToPointInTime", "DescribeExport", "ListExports" -> exports.answer(call);
            default -> forward(call);
        };
    }

    /** The call as DynamoDB Local answers it. */
    Reply forward(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve("/")).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.setHeader("X-Amz-Target", PREFIX + call.operation());
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.headers().map());
            headers.remove(":status");
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        synchronized (this) {
            if (s3Clients != null) {
                s3Clients.close();
            }
        }
    }
}
