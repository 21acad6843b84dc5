package io.strata.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Just enough of S3's read path for the catalog at scale: ListObjectsV2 (prefix, delimiter, pages of
 * 1,000, continuation) and GetObject over keys held in memory, each answer held back by a fixed
 * latency, as S3's time to first byte. S3Mock cannot serve 10,000 recovery points (it re-reads its
 * whole bucket index on every request: bench/README.md), so this measures what Strata does with S3's
 * latency: how many requests, how many in flight, and its own CPU. Not a test double for behaviour:
 * only the benchmark uses it, and only for reads. Bound to 127.0.0.1.
 *
 * <p>{@code bench/run-catalog} runs it in a JVM of its own ({@link #main}), seeded there, so that the
 * CPU of the Strata JVM is Strata's alone. Its answers leave without Nagle's delay
 * ({@code sun.net.httpserver.nodelay}): the JDK server writes the headers and the body in two
 * writes, and with Nagle on, the body waited for the client's delayed ACK of the headers, some 40 ms
 * a GET on Linux loopback, a delay S3 does not add.
 */
final class LatencyS3 implements AutoCloseable {

    /** The bucket bench/run-catalog lists. */
    static final String BUCKET = "catalog-scale";

    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(128);
    private final long latencyMillis;
    private final String bucket;

    LatencyS3(String bucket, long latencyMillis) throws IOException {
        this.bucket = bucket;
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /**
     * Usage: LatencyS3 LATENCY_MS POINTS TABLES PARENT_PID. Seeds the vault, prints {@code S3=<endpoint>},
     * then serves until its parent process ends (or 3 hours).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LatencyS3 LATENCY_MS POINTS TABLES PARENT_PID");
            System.exit(2);
        }
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // read once, when the first server starts
        }
        long parent = Long.parseLong(args[3]);
        try (LatencyS3 s3 = new LatencyS3(BUCKET, Long.parseLong(args[0]))) {
            s3.seed(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            System.out.println("S3=" + s3.endpoint());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 3 * 3600_000L;
            while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(1000);
            }
        }
    }

    /**
     * One recovery point a day per table under the vault's root (no prefix), each folder as an export
     * leaves it: descriptor, two manifests, a data file.
     */
    void seed(int points, int tables) throws IOException {
        Instant today = Instant.parse("2026-06-01T02:00:00Z");
        for (int i = 0; i < points; i++) {
            String table = String.format("bench-%04d", i % tables);
            Instant started = today.minus(Duration.ofDays(i / tables)).plusSeconds(i % tables);
            RecoveryPointKey key = RecoveryPointKey.create("", "dynamodb", "us-east-1", table, started);
            String data = key.prefix() + "AWSDynamoDB/0000/data/part-0000.json.gz";
            RecoveryPoint point = new RecoveryPoint("bench", key.prefix(), "dynamodb:" + table, "dynamodb", "us-east-1",
                    "bench", "scan", started, started.plusSeconds(30), 8, 3042, key.prefix() + "AWSDynamoDB/0000/",
                    List.of(new DataFile(data, 8, 3042, "\"etag\"", "md5", "sha")), null, null);
            put(key.descriptorKey(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(point));
            put(key.prefix() + "AWSDynamoDB/0000/manifest-files.json", "{}".getBytes(StandardCharsets.UTF_8));
            put(key.prefix() + "AWSDynamoDB/0000/manifest-summary.json", "{}".getBytes(StandardCharsets.UTF_8));
            put(data, new byte[3042]);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void put(String key, byte[] bytes) {
        objects.put(key, bytes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Thread.sleep(latencyMillis);
            String path = exchange.getRequestURI().getPath();
            String prefix = "/" + bucket;
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(prefix)) {
                send(exchange, 501, "<Error><Code>NotImplemented</Code></Error>".getBytes(StandardCharsets.UTF_8));
            } else if (path.length() <= prefix.length() + 1) {
                send(exchange, 200, list(query(exchange.getRequestURI().getRawQuery())));
            } else {
                byte[] bytes = objects.get(path.substring(prefix.length() + 1));
                if (bytes == null) {
                    send(exchange, 404, ("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                            + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(bytes.length) + "\"");
                    send(exchange, 200, bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] list(Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String after = query.getOrDefault("continuation-token", query.getOrDefault("start-after", ""));
        int max = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        StringBuilder contents = new StringBuilder();
        TreeSet<String> common = new TreeSet<>();
        int count = 0;
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, byte[]> entry : objects.tailMap(after, false).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (count == max) {
                truncated = true;
                break;
            }
            int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                String folder = key.substring(0, cut + delimiter.length());
                if (common.add(folder)) {
                    count++;
                }
            } else {
                contents.append("<Contents><Key>").append(xml(key)).append("</Key><LastModified>2026-01-01T00:00:00.000Z"
                        + "</LastModified><ETag>\"0\"</ETag><Size>").append(entry.getValue().length)
                        .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
                count++;
            }
            last = key;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>").append(bucket).append("</Name><Prefix>")
                .append(xml(prefix)).append("</Prefix><KeyCount>").append(count).append("</KeyCount><MaxKeys>")
                .append(max).append("</MaxKeys><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>").append(xml(last)).append("</NextContinuationToken>");
        }
        xml.append(contents);
        common.forEach(folder -> xml.append("<CommonPrefixes><Prefix>").append(xml(folder)).append("</Prefix></CommonPrefixes>"));
        return xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
