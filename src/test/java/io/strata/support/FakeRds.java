package io.strata.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One fake AWS account's RDS control plane across regions, in memory and stateful, behaving as the
 * RDS API reference documents it: snapshots go creating → available (copies pending → available)
 * over describe polls, copies exist in the destination region only, unknown ids fail with the SDK's
 * exceptions and AWS error codes, ids are unique per region and kind, manual snapshots count toward
 * a quota. Throttling, quota errors, failing snapshots and lost responses can be switched on.
 * Every request is recorded with its region, as the server decoded it from the wire.
 * A completing export task writes its files into its bucket through the S3 client {@link #exportsTo} gives,
 * in AWS's layout: {@code <s3Prefix>/<taskId>/export_info_<taskId>.json}, {@code <db>/<db>.<table>/...parquet}.
 *
 * <p>{@link #serve()} serves the world over loopback HTTP in RDS's awsQuery protocol ({@link QueryServer}):
 * point the real {@link RdsClient} at it with {@code strata.aws.endpoint.rds}, from this JVM or a child
 * one. The world has the regions it was made with (three unless told).
 */
public final class FakeRds implements AutoCloseable {

    /** The regions of a world made without naming any. */
    public static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

    public static final String ACCOUNT = "123456789012";

    /** A DB instance, cluster, snapshot or export task: mutable, guarded by the world's lock. */
    public static final class Thing {
        public final String kind;        // instance, cluster, snapshot, cluster-snapshot, export
        public final String region;
        public final String id;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, String> attributes = new LinkedHashMap<>();
        public String status;
        public int polls;
        public final Instant created = Instant.now();

        Thing(String kind, String region, String id, String status) {
            this.kind = kind;
            this.region = region;
            this.id = id;
            this.status = status;
        }

        public String arn() {
            String type = switch (kind) {
                case "instance" -> "db";
                case "cluster" -> "cluster";
                case "snapshot" -> "snapshot";
                case "cluster-snapshot" -> "cluster-snapshot";
                default -> "export-task";
            };
            return "arn:aws:rds:" + region + ":" + ACCOUNT + ":" + type + ":" + id;
        }

        public String get(String attribute) {
            return attributes.get(attribute);
        }
    }

    /**
     * An answer that fails: HTTP {@code status} with AWS's error {@code code} and {@code message}, or,
     * with a null code, a bare HTTP status whose body is no AWS error document at all (what a proxy
     * or a broken emulator sends). The SDK retries 500s and 503s by itself: queue enough of them.
     */
    public record Failure(int status, String code, String message) {

        RuntimeException exception() {
            return code == null ? new QueryServer.BareStatus(status) : error(RdsException.builder(), code, message, status);
        }
    }

    /** The next {@code times} calls of {@code action} (e.g. "CreateDBSnapshot"), in any region, fail as {@code failure}. */
    public void failNext(String action, int times, Failure failure) {
        Deque<Failure> queue = failNext.computeIfAbsent(action.toLowerCase(Locale.ROOT), k -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(failure);
        }
    }

    /** Drops the failures still queued for {@code action}. */
    public void clearFailures(String action) {
        failNext.remove(action.toLowerCase(Locale.ROOT));
    }

    /** The failure the next call of {@code action} answers with, if one is queued (consumes it). */
    Optional<Failure> nextFailure(String action) {
        Deque<Failure> queue = failNext.get(action.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(queue == null ? null : queue.poll());
    }

    /** One recorded call: the region whose client received it, and the request as sent. */
    public record Call(String region, SdkRequest request) {
    }

    final Object lock = new Object();
    /** kind -> region -> id -> thing */
    final Map<String, Map<String, Map<String, Thing>>> things = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, FakeRdsClient> handlers = new ConcurrentHashMap<>();
    private final List<String> served;
    private QueryServer server;
    final AtomicInteger throttleNext = new AtomicInteger();
    /** Action name (lower case) -> the next answers that fail, in order; see {@link #failNext}. */
    private final Map<String, Deque<Failure>> failNext = new ConcurrentHashMap<>();
    /** Cross-region copies that carried a valid presigned URL: "us-west-2 strata-… presigned for us-east-1". */
    public final List<String> presignedCopies = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> copiesInFlight = new ConcurrentHashMap<>();
    final Map<String, Integer> maxCopiesInFlight = new ConcurrentHashMap<>();
    /** Describe polls a snapshot, copy, export or restore takes to become available. */
    public volatile int pollsToAvailable = 2;
    /** AWS's manual snapshot quota per region and kind. */
    public volatile int snapshotQuota = 100;
    /** SnapshotQuotaExceeded on every create, as when the account is at its quota. */
    public volatile boolean quotaExceeded;
    /** The next create is made, but its response is lost (the caller sees a client error). */
    public volatile boolean loseNextCreateResponse;
    /** Snapshots created from now on end in status 'failed' instead of 'available'. */
    public volatile boolean snapshotsFail;

    /** Export tasks from now on complete without writing any file (as a snapshot of an empty database might). */
    public volatile boolean exportsWriteNothing;
    private volatile S3Client exportS3;
    /** taskId -> key -> size of each object that task wrote. */
    private final Map<String, Map<String, Long>> exported = new ConcurrentHashMap<>();

    public FakeRds() {
        this(REGIONS.toArray(String[]::new));
    }

    public FakeRds(String... regions) {
        this.served = List.of(regions);
    }

    /** Starts serving the world over loopback HTTP (once) and gives its endpoint, for strata.aws.endpoint.rds. */
    public synchronized URI serve() {
        if (server == null) {
            server = new QueryServer("rds", false, RdsClient.class,
                    name -> served.contains(name) ? Optional.of(handler(name)) : Optional.empty());
        }
        return server.endpoint();
    }

    /** The endpoint the world is served at (the source endpoint of every region's presigned copies). */
    synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("FakeRds is not served: call serve()");
        }
        return server.endpoint();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    FakeRdsClient handler(String region) {
        return handlers.computeIfAbsent(region, name -> new FakeRdsClient(this, name));
    }

    /** Gives the world the S3 client its export tasks write their files with (as AWS writes into the bucket). */
    public FakeRds exportsTo(S3Client s3) {
        this.exportS3 = s3;
        return this;
    }

    /** The objects (key -> bytes) export task {@code taskId} wrote; empty if it wrote none (yet). */
    public Map<String, Long> exported(String taskId) {
        return Map.copyOf(exported.getOrDefault(taskId, Map.of()));
    }

    /** An export task turning COMPLETE writes its files: the export info and a Parquet part per table. */
    void writeExport(Thing task) {
        if (exportsWriteNothing) {
            return;
        }
        if (exportS3 == null) {
            throw new IllegalStateException("FakeRds: export " + task.id + " completes, but no S3 client was given "
                    + "(call exportsTo)");
        }
        String folder = task.get("prefix") + "/" + task.id + "/";
        String db = task.get("db");
        Map<String, String> files = new LinkedHashMap<>();
        files.put(folder + "export_info_" + task.id + ".json",
                "{\"exportTaskIdentifier\":\"" + task.id + "\",\"sourceArn\":\"" + task.get("source") + "\"}");
        files.put(folder + db + "/" + db + ".orders/part-00000-x.gz.parquet", "PAR1" + "o".repeat(96) + "PAR1");
        files.put(folder + db + "/" + db + ".customers/part-00000-y.gz.parquet", "PAR1" + "c".repeat(40) + "PAR1");
        Map<String, Long> sizes = new LinkedHashMap<>();
        files.forEach((key, content) -> {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            exportS3.putObject(r -> r.bucket(task.get("bucket")).key(key), RequestBody.fromBytes(bytes));
            sizes.put(key, (long) bytes.length);
        });
        exported.put(task.id, sizes);
    }

    private volatile String throttleCode = "Throttling";

    /** The next {@code count} calls, in any region, fail with {@code code} (Throttling, RequestLimitExceeded; HTTP 400 as RDS sends them). */
    public void throttleNext(int count, String code) {
        throttleCode = code;
        throttleNext.set(count);
    }

    public Thing addInstance(String region, String id, String engine, String instanceClass, boolean encrypted,
                             Map<String, String> tags) {
        synchronized (lock) {
            Thing instance = put(new Thing("instance", region, id, "available"));
            instance.attributes.put("engine", engine);
            instance.attributes.put("class", instanceClass);
            if (encrypted) {
                instance.attributes.put("kms", kmsKey(region, "source"));
            }
            instance.tags.putAll(tags);
            return instance;
        }
    }

    /** An Aurora cluster with one writer instance {@code <id>-1} of {@code instanceClass}. */
    public Thing addCluster(String region, String id, String engine, String instanceClass, boolean encrypted,
                            Map<String, String> tags) {
        synchronized (lock) {
            Thing cluster = put(new Thing("cluster", region, id, "available"));
            cluster.attributes.put("engine", engine);
            if (encrypted) {
                cluster.attributes.put("kms", kmsKey(region, "source"));
            }
            cluster.tags.putAll(tags);
            Thing writer = addInstance(region, id + "-1", engine, instanceClass, encrypted, Map.of());
            writer.attributes.put("cluster", id);
            cluster.attributes.put("members", writer.id);
            return cluster;
        }
    }

    /** A manual snapshot someone else made (available), e.g. to fill the quota or to survive an expiry. */
    public Thing addManualSnapshot(String region, String kind, String id, String sourceId, Map<String, String> tags) {
        synchronized (lock) {
            Thing snapshot = put(new Thing(kind, region, id, "available"));
            snapshot.attributes.put("source", sourceId);
            snapshot.attributes.put("engine", "postgres");
            snapshot.tags.putAll(tags);
            return snapshot;
        }
    }

    public static String kmsKey(String region, String name) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + name;
    }

    public Optional<Thing> find(String kind, String region, String id) {
        synchronized (lock) {
            return Optional.ofNullable(things.getOrDefault(kind, Map.of()).getOrDefault(region, Map.of()).get(id.toLowerCase()));
        }
    }

    public List<Thing> all(String kind, String region) {
        synchronized (lock) {
            return List.copyOf(things.getOrDefault(kind, Map.of()).getOrDefault(region, Map.of()).values());
        }
    }

    /** Deletes behind Strata's back (someone in the console). */
    public void remove(String kind, String region, String id) {
        synchronized (lock) {
            in(kind, region).remove(id.toLowerCase());
        }
    }

    public <T extends SdkRequest> List<T> requests(Class<T> type) {
        return calls(type).stream().map(call -> type.cast(call.request())).toList();
    }

    public <T extends SdkRequest> List<Call> calls(Class<T> type) {
        synchronized (lock) {
            return calls.stream().filter(call -> type.isInstance(call.request())).toList();
        }
    }

    public int maxCopiesInFlight(String region) {
        return maxCopiesInFlight.getOrDefault(region, 0);
    }

    Thing put(Thing thing) {
        things.computeIfAbsent(thing.kind, k -> new LinkedHashMap<>()).computeIfAbsent(thing.region, r -> new LinkedHashMap<>())
                .put(thing.id, thing);
        return thing;
    }

    Map<String, Thing> in(String kind, String region) {
        return things.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(region, r -> new LinkedHashMap<>());
    }

    void record(String region, SdkRequest request) {
        synchronized (lock) {
            calls.add(new Call(region, request));
        }
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw error(RdsException.builder(), throttleCode, "Rate exceeded", 400);
        }
        // The SDK's request class is the action's name in Java case: CreateDbSnapshotRequest for CreateDBSnapshot.
        nextFailure(request.getClass().getSimpleName().replaceFirst("Request$", "")).ifPresent(failure -> {
            throw failure.exception();
        });
    }

    /** An error as the SDK unmarshalls it: the modelled exception with AWS's code, message and status. */
    static <B extends AwsServiceException.Builder> AwsServiceException error(B builder, String code, String message, int status) {
        builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .statusCode(status).message(message + " (Service: Rds, Status Code: " + status + ")");
        return builder.build();
    }
}
