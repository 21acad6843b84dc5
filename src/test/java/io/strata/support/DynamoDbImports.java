package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DynamoDB's import from S3, which DynamoDB Local lacks, kept by {@link DynamoDbProxy} as the DynamoDB
 * API reference documents ImportTable, DescribeImport and ListImports: ImportTable creates the table of
 * {@code TableCreationParameters} (keys, attributes, billing, GSIs: forwarded to DynamoDB Local as
 * CreateTable) and answers IN_PROGRESS; the objects under {@code S3BucketSource} are then read from this
 * JVM's S3Mock (DYNAMODB_JSON lines {@code {"Item":{…}}}, GZIP or NONE) and written in. An import is
 * COMPLETED once its items are in and a DescribeImport has seen it IN_PROGRESS. Counted as AWS counts:
 * {@code ProcessedItemCount} every line read, {@code ErrorCount} the lines that cannot become an item
 * (unparseable, a key attribute missing or of another type), {@code ImportedItemCount} the items the
 * new table holds: of two lines with the same key one is kept (the later), and no error is counted.
 * Errors as AWS names them: an existing table ResourceInUseException, more than {@link #limit} imports
 * IN_PROGRESS LimitExceededException, a client token reused with other parameters
 * ImportConflictException (reused with the same ones: the same import), an unknown ARN
 * ImportNotFoundException. Not modelled: CSV and ION input, S3BucketOwner, the 8-hour token window,
 * CloudWatch logs (the group ARN is answered, no log is written), SSESpecification.
 */
public final class DynamoDbImports {

    private static final String LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports";

    /** One import and its counts, updated as its items are read. */
    private static final class Import {
        final String arn;
        final JsonNode request;
        final String tableArn;
        final String tableId;
        final Instant start = Instant.now();
        final AtomicLong processed = new AtomicLong();
        final AtomicLong imported = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        volatile boolean written;
        volatile boolean seenInProgress;
        volatile String status = "IN_PROGRESS";
        volatile Instant end;
        volatile String failureCode;
        volatile String failureMessage;

        Import(String arn, JsonNode request, JsonNode table) {
            this.arn = arn;
            this.request = request;
            this.tableArn = table.path("TableArn").asText();
            this.tableId = table.path("TableId").asText(null);
        }
    }

    private final DynamoDbProxy proxy;
    private final Map<String, Import> byArn = new LinkedHashMap<>();
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private volatile int limit = 50;
    private volatile Consumer<String> beforeReading = prefix -> { };
    private S3Client s3;

    DynamoDbImports(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /** Imports IN_PROGRESS at once before ImportTable answers LimitExceededException (AWS: 50 per account). */
    public void limit(int imports) {
        this.limit = imports;
    }

    /** The next ImportTable calls answer these AWS errors (ThrottlingException, …), one call each. */
    public void refuseNext(String... errorCodes) {
        refusals.addAll(List.of(errorCodes));
    }

    /** Runs with {@code s3://bucket/prefix} just before an import reads it: a test changes the objects there. */
    public void beforeReading(Consumer<String> action) {
        this.beforeReading = action;
    }

    /** The ImportTable calls answered so far (a retried call with the same token counts once). */
    public synchronized int started() {
        return byArn.size();
    }

    Reply answer(Call call) {
        return switch (call.operation()) {
            case "ImportTable" -> importTable(call);
            case "DescribeImport" -> describe(call.tree().path("ImportArn").asText(""));
            default -> list(call.tree());
        };
    }

    private synchronized Reply importTable(Call call) {
        String refusal = refusals.poll();
        if (refusal != null) {
            return Reply.error(400, refusal, "Refused by the test: " + refusal);
        }
        JsonNode request = call.tree();
        JsonNode table = request.path("TableCreationParameters");
        String name = table.path("TableName").asText("");
        if (!"DYNAMODB_JSON".equals(request.path("InputFormat").asText()) || name.isEmpty()
                || request.path("S3BucketSource").path("S3Bucket").asText("").isEmpty() || !table.has("KeySchema")) {
            return Reply.error(400, "ValidationException", "InputFormat DYNAMODB_JSON, S3BucketSource.S3Bucket and "
                    + "TableCreationParameters with TableName and KeySchema are required (this fake reads DYNAMODB_JSON)");
        }
        String token = request.path("ClientToken").asText("");
        for (Import earlier : byArn.values()) {
            if (!token.isEmpty() && token.equals(earlier.request.path("ClientToken").asText())) {
                return earlier.request.equals(request) ? described(earlier)
                        : Reply.error(400, "ImportConflictException", "A previous import with client token " + token
                        + " had other parameters");
            }
        }
        if (byArn.values().stream().filter(i -> i.status.equals("IN_PROGRESS")).count() >= limit) {
            return Reply.error(400, "LimitExceededException", "Too many concurrent imports: at most " + limit);
        }
        if (proxy.forward(call.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode().put("TableName", name))).ok()) {
            return Reply.error(400, "ResourceInUseException", "Table already exists: " + name);
        }
        Reply created = proxy.forward(call.with("CreateTable", createTable(table)));
        if (!created.ok()) {
            return created;
        }
        JsonNode description = created.tree().path("TableDescription");
        Import started = new Import(description.path("TableArn").asText() + "/import/" + Long.toHexString(System.nanoTime()),
                request, description);
        byArn.put(started.arn, started);
        Thread worker = new Thread(() -> run(started, call), "dynamodb-import");
        worker.setDaemon(true);
        worker.start();
        return described(started);
    }

    private static ObjectNode createTable(JsonNode table) {
        ObjectNode create = DynamoDbProxy.JSON.createObjectNode();
        for (String field : List.of("TableName", "KeySchema", "AttributeDefinitions", "BillingMode", "ProvisionedThroughput")) {
            if (table.has(field)) {
                create.set(field, table.get(field));
            }
        }
        if (table.has("GlobalSecondaryIndexes")) {
            ArrayNode indexes = create.putArray("GlobalSecondaryIndexes");
            table.get("GlobalSecondaryIndexes").forEach(index -> {
                ObjectNode gsi = indexes.addObject();
                for (String field : List.of("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")) {
                    if (index.has(field)) {
                        gsi.set(field, index.get(field));
                    }
                }
            });
        }
        return create;
    }

    private void run(Import job, Call call) {
        try {
            JsonNode source = job.request.path("S3BucketSource");
            String bucket = source.path("S3Bucket").asText();
            String prefix = source.path("S3KeyPrefix").asText("");
            beforeReading.accept("s3://" + bucket + "/" + prefix);
            ImportedItems items = new ImportedItems(job.request.path("TableCreationParameters"));
            boolean gzip = "GZIP".equals(job.request.path("InputCompressionType").asText("NONE"));
            for (S3Object object : s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                job.bytes.addAndGet(object.size());
                try (InputStream raw = s3().getObject(r -> r.bucket(bucket).key(object.key()));
                     BufferedReader lines = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(raw) : raw,
                             StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank()) {
                            job.processed.incrementAndGet();
                            if (!items.add(line)) {
                                job.errors.incrementAndGet();
                            }
                        }
                    }
                }
            }
            items.write(proxy, call, job.request.path("TableCreationParameters").path("TableName").asText());
            job.imported.set(items.size());
            job.written = true;
        } catch (S3Exception e) {
            fail(job, e.awsErrorDetails().errorCode(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail(job, "InternalError", e.toString());
        }
    }

    private static void fail(Import job, String code, String message) {
        job.failureCode = code;
        job.failureMessage = message;
        job.end = Instant.now();
        job.status = "FAILED";
    }

    private synchronized Reply describe(String arn) {
        Import job = byArn.get(arn);
        if (job == null) {
            return Reply.error(400, "ImportNotFoundException", "Import not found: " + arn);
        }
        if (job.status.equals("IN_PROGRESS")) {
            if (job.written && job.seenInProgress) {
                job.end = Instant.now();
                job.status = "COMPLETED";
            }
            job.seenInProgress = true;
        }
        return described(job);
    }

    private static Reply described(Import job) {
        return Reply.json(200, DynamoDbProxy.JSON.createObjectNode().set("ImportTableDescription", description(job)));
    }

    private static ObjectNode description(Import job) {
        ObjectNode d = summary(job);
        d.put("TableId", job.tableId).put("ClientToken", job.request.path("ClientToken").asText(null))
                .put("InputCompressionType", job.request.path("InputCompressionType").asText("NONE"))
                .put("ProcessedSizeBytes", job.bytes.get()).put("ProcessedItemCount", job.processed.get())
                .put("ImportedItemCount", job.imported.get()).put("ErrorCount", job.errors.get())
                .set("TableCreationParameters", job.request.path("TableCreationParameters"));
        if (job.failureCode != null) {
            d.put("FailureCode", job.failureCode).put("FailureMessage", job.failureMessage);
        }
        return d;
    }

    private static ObjectNode summary(Import job) {
        ObjectNode d = DynamoDbProxy.JSON.createObjectNode().put("ImportArn", job.arn).put("ImportStatus", job.status)
                .put("TableArn", job.tableArn).put("CloudWatchLogGroupArn", LOG_GROUP)
                .put("InputFormat", job.request.path("InputFormat").asText())
                .put("StartTime", job.start.toEpochMilli() / 1000.0);
        d.set("S3BucketSource", job.request.path("S3BucketSource"));
        if (job.end != null) {
            d.put("EndTime", job.end.toEpochMilli() / 1000.0);
        }
        return d;
    }

    private synchronized Reply list(JsonNode request) {
        String table = request.path("TableArn").asText(null);
        int size = request.path("PageSize").asInt(25);
        if (size < 1 || size > 25) {
            return Reply.error(400, "ValidationException", "PageSize must be between 1 and 25");
        }
        List<Import> matching = new ArrayList<>(byArn.values().stream()
                .filter(i -> table == null || table.equals(i.tableArn)).toList());
        int from = request.path("NextToken").asInt(0);
        ObjectNode answer = DynamoDbProxy.JSON.createObjectNode();
        ArrayNode summaries = answer.putArray("ImportSummaryList");
        matching.stream().skip(from).limit(size).forEach(i -> summaries.add(summary(i)));
        if (from + size < matching.size()) {
            answer.put("NextToken", String.valueOf(from + size));
        }
        return Reply.json(200, answer);
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder().endpointOverride(TestAws.services().s3Endpoint()).region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake")))
                    .build();
        }
        return s3;
    }
}
