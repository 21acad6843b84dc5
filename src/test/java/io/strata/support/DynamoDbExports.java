package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DynamoDB's Export to S3, which DynamoDB Local lacks, kept by {@link DynamoDbProxy} as the DynamoDB API
 * reference documents ExportTableToPointInTime, DescribeExport and ListExports:
 * <ul>
 *   <li>the table (by {@code TableArn}) must exist (TableNotFoundException) and have PITR on
 *       ({@link DynamoDbContinuousBackups}; else PointInTimeRecoveryUnavailableException); {@code ExportTime}
 *       must lie in its restorable window (InvalidExportTimeException);</li>
 *   <li>{@code ClientToken}: the same token with the same request answers the same export (no new one);
 *       the same token with other parameters answers ImportConflictException, as the reference says of
 *       ExportTableToPointInTime's token (older SDK docs name IdempotentParameterMismatch);</li>
 *   <li>another export in progress to the same bucket and prefix answers ExportConflictException; more than
 *       {@link #limit} in progress at once LimitExceededException (AWS allows 300);</li>
 *   <li>the data is read when the export starts (its export time) and written when it completes, after
 *       {@link #pollsToComplete} DescribeExport calls: IN_PROGRESS until then, COMPLETED (or FAILED with
 *       {@code FailureCode}/{@code FailureMessage}, {@link #failNext}) after, in AWS's documented layout
 *       ({@link DynamoDbExportWriter}), after the empty {@code _started} object AWS writes when an export begins.</li>
 * </ul>
 * INCREMENTAL_EXPORT writes the changes of its window from the proxy's item history
 * ({@link DynamoDbIncrementalExports}). ExportFormat ION is not built here: ValidationException saying so. Not modelled:
 * S3BucketOwner checks, the 8-hour expiry of a token, the ~5-minute lag of the restorable window, the
 * {@code manifest-*.checksum} objects (their format is not documented).
 */
public final class DynamoDbExports {

    /** A failure planned for the next export of a table: it goes FAILED instead of COMPLETED. */
    private record Failure(String code, String message) {
    }

    private final DynamoDbProxy proxy;
    private final Supplier<S3Client> s3;
    private final Map<String, DynamoDbExport> byArn = new ConcurrentHashMap<>();
    private final Map<String, DynamoDbExport> byToken = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();
    /** DescribeExport calls an export answers IN_PROGRESS before it completes (Integer.MAX_VALUE: never, by itself). */
    public volatile int pollsToComplete = 1;
    /** Exports in progress at once; one more is refused with LimitExceededException. */
    public volatile int limit = 300;
    /** Items per data file: AWS writes several files per export; small here so tests see more than one. */
    public volatile int itemsPerFile = 1000;

    DynamoDbExports(DynamoDbProxy proxy, Supplier<S3Client> s3) {
        this.proxy = proxy;
        this.s3 = s3;
    }

    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** How many ExportTableToPointInTime calls created a new export (a replayed token creates none). */
    public int started() {
        return started.get();
    }

    /** How many ExportTableToPointInTime calls were answered, replays and refusals included. */
    public int calls() {
        return calls.get();
    }

    /** The next export of {@code table} fails with this FailureCode and FailureMessage. */
    public void failNext(String table, String code, String message) {
        failures.put(table, new Failure(code, message));
    }

    /** Completes every export still in progress, as AWS would in its own time (a test's "later"). */
    public void completeAll() {
        byArn.values().forEach(this::finish);
    }

    Reply answer(Call call) {
        return switch (call.operation()) {
            case "ExportTableToPointInTime" -> export(call);
            case "DescribeExport" -> describe(call.tree().path("ExportArn").asText(""));
            default -> list(call.tree());
        };
    }

    private Reply export(Call call) {
        calls.incrementAndGet();
        JsonNode request = call.tree();
        String tableArn = request.path("TableArn").asText("");
        int slash = tableArn.indexOf(":table/");
        if (!tableArn.startsWith("arn:") || slash < 0 || request.path("S3Bucket").asText("").isEmpty()) {
            return Reply.error(400, "ValidationException", "TableArn and S3Bucket are required: " + tableArn);
        }
        String exportType = request.path("ExportType").asText("FULL_EXPORT");
        boolean incremental = exportType.equals("INCREMENTAL_EXPORT");
        if (!(incremental || exportType.equals("FULL_EXPORT")) || !request.path("ExportFormat").asText("DYNAMODB_JSON").equals("DYNAMODB_JSON")) {
            return Reply.error(400, "ValidationException", "this test double exports FULL_EXPORT in DYNAMODB_JSON only");
        }
        String table = tableArn.substring(slash + ":table/".length());
        String token = request.path("ClientToken").asText("");
        synchronized (this) {
            DynamoDbExport same = token.isEmpty() ? null : byToken.get(token);
            if (same != null) {
                return same.request.equals(request) ? Reply.json(200, wrap(same))
                        : Reply.error(400, "ImportConflictException", "ClientToken " + token
                        + " was used with other parameters within 8 hours");
            }
            Reply described = proxy.forward(call.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode()
                    .put("TableName", table)));
            if (!described.ok() || !described.tree().path("Table").path("TableArn").asText().equals(tableArn)) {
                return Reply.error(400, "TableNotFoundException", "Table not found: " + tableArn);
            }
            var pitr = proxy.continuousBackups().enabledSince(table);
            if (pitr.isEmpty()) {
                return Reply.error(400, "PointInTimeRecoveryUnavailableException",
                        "Point in time recovery is not enabled for table '" + table + "'");
            }
            Instant now = clock.instant();
            if (incremental) {
                var refused = DynamoDbIncrementalExports.refusal(request, pitr.get().since(), now);
                if (refused.isPresent()) {
                    return Reply.error(400, "ValidationException", refused.get());
                }
            }
            Instant exportTime = incremental ? DynamoDbIncrementalExports.to(request)
                    : request.has("ExportTime") ? seconds(request.path("ExportTime")) : now;
            if (exportTime.isBefore(pitr.get().since()) || exportTime.isAfter(now)) {
                return Reply.error(400, "InvalidExportTimeException", "ExportTime " + exportTime
                        + " is outside the restorable window " + pitr.get().since() + " to " + now);
            }
            List<DynamoDbExport> running = byArn.values().stream().filter(e -> e.status.equals("IN_PROGRESS")).toList();
            if (running.stream().anyMatch(e -> e.bucket().equals(request.path("S3Bucket").asText())
                    && e.prefix().equals(DynamoDbExport.prefixOf(request)))) {
                return Reply.error(400, "ExportConflictException", "There was a conflict when writing to the specified "
                        + "S3 bucket: another export to it is in progress");
            }
            if (running.size() >= limit) {
                return Reply.error(400, "LimitExceededException", "There is a limit of " + limit
                        + " exports in progress at once");
            }
            String id = String.format("%014d-%08x", now.toEpochMilli(), ThreadLocalRandom.current().nextInt());
            DynamoDbExport export = new DynamoDbExport(tableArn + "/export/" + id, token, request, tableArn,
                    described.tree().path("Table").path("TableId").asText(null), table, now, exportTime,
                    incremental ? List.of() : scan(call, table));
            // AWS's first object, proving the bucket writable (developer guide, "Output format").
            new DynamoDbExportWriter(s3.get(), itemsPerFile).started(export);
            byArn.put(export.arn, export);
            if (!token.isEmpty()) {
                byToken.put(token, export);
            }
            started.incrementAndGet();
            return Reply.json(200, wrap(export));
        }
    }

    /** The table's items as DynamoDB Local holds them now, in DynamoDB JSON. */
    private List<JsonNode> scan(Call call, String table) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode start = null;
        do {
            ObjectNode scan = DynamoDbProxy.JSON.createObjectNode().put("TableName", table);
            if (start != null) {
                scan.set("ExclusiveStartKey", start);
            }
            JsonNode page = proxy.forward(call.with("Scan", scan)).tree();
            page.path("Items").forEach(items::add);
            start = page.has("LastEvaluatedKey") ? page.get("LastEvaluatedKey") : null;
        } while (start != null);
        return items;
    }

    private Reply describe(String arn) {
        DynamoDbExport export = byArn.get(arn);
        if (export == null) {
            return Reply.error(400, "ExportNotFoundException", "Export not found: " + arn);
        }
        synchronized (export) {
            if (export.status.equals("IN_PROGRESS") && ++export.polls >= pollsToComplete) {
                finish(export);
            }
        }
        return Reply.json(200, wrap(export));
    }

    /** IN_PROGRESS becomes COMPLETED (its files written) or FAILED (a planned failure: nothing written). */
    private void finish(DynamoDbExport export) {
        synchronized (export) {
            if (!export.status.equals("IN_PROGRESS")) {
                return;
            }
            Failure failure = failures.remove(export.table);
            if (failure != null) {
                export.failureCode = failure.code();
                export.failureMessage = failure.message();
                export.status = "FAILED";
            } else {
                DynamoDbExportWriter writer = new DynamoDbExportWriter(s3.get(), itemsPerFile);
                DynamoDbExportWriter.Written written = incremental(export) ? writer.write(export,
                        DynamoDbIncrementalExports.lines(proxy.history(), export.table, export.request),
                        "INCREMENTAL_EXPORT", clock.instant()) : writer.write(export, clock.instant());
                export.manifest = written.manifestKey();
                export.billedBytes = written.billedBytes();
                export.itemCount = written.itemCount();
                export.status = "COMPLETED";
            }
            export.ended = clock.instant();
        }
    }

    private Reply list(JsonNode request) {
        String tableArn = request.path("TableArn").asText(null);
        int max = request.path("MaxResults").asInt(25);
        List<DynamoDbExport> all = byArn.values().stream().filter(e -> tableArn == null || e.tableArn.equals(tableArn))
                .sorted((a, b) -> a.arn.compareTo(b.arn)).toList();
        int from = request.has("NextToken") ? Integer.parseInt(request.path("NextToken").asText()) : 0;
        ArrayNode summaries = DynamoDbProxy.JSON.createArrayNode();
        all.stream().skip(from).limit(max).forEach(e -> summaries.addObject().put("ExportArn", e.arn)
                .put("ExportStatus", e.status).put("ExportType", "FULL_EXPORT"));
        ObjectNode answer = DynamoDbProxy.JSON.createObjectNode().set("ExportSummaries", summaries);
        if (from + max < all.size()) {
            answer.put("NextToken", String.valueOf(from + max));
        }
        return Reply.json(200, answer);
    }

    private static ObjectNode wrap(DynamoDbExport export) {
        return DynamoDbProxy.JSON.createObjectNode().set("ExportDescription", description(export));
    }

    private static ObjectNode description(DynamoDbExport export) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ExportArn", export.arn);
        fields.put("ExportStatus", export.status);
        fields.put("StartTime", export.started.toEpochMilli() / 1000.0);
        fields.put("EndTime", export.ended == null ? null : export.ended.toEpochMilli() / 1000.0);
        fields.put("ExportManifest", export.manifest);
        fields.put("TableArn", export.tableArn);
        fields.put("TableId", export.tableId);
        fields.put("ExportTime", export.exportTime.toEpochMilli() / 1000.0);
        fields.put("ClientToken", export.token.isEmpty() ? null : export.token);
        fields.put("S3Bucket", export.bucket());
        fields.put("S3BucketOwner", export.request.path("S3BucketOwner").asText(null));
        fields.put("S3Prefix", export.request.path("S3Prefix").asText(null));
        fields.put("S3SseAlgorithm", export.request.path("S3SseAlgorithm").asText("AES256"));
        fields.put("S3SseKmsKeyId", export.request.path("S3SseKmsKeyId").asText(null));
        fields.put("FailureCode", export.failureCode);
        fields.put("FailureMessage", export.failureMessage);
        fields.put("ExportFormat", "DYNAMODB_JSON");
        fields.put("ExportType", incremental(export) ? "INCREMENTAL_EXPORT" : "FULL_EXPORT");
        if (export.status.equals("COMPLETED")) {
            fields.put("BilledSizeBytes", export.billedBytes);
            fields.put("ItemCount", export.itemCount);
        }
        ObjectNode node = DynamoDbProxy.JSON.createObjectNode();
        fields.forEach((name, value) -> {
            if (value != null) {
                node.set(name, DynamoDbProxy.JSON.valueToTree(value));
            }
        });
        return node;
    }

    static boolean incremental(DynamoDbExport export) {
        return export.request.path("ExportType").asText("").equals("INCREMENTAL_EXPORT");
    }

    private static Instant seconds(JsonNode epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds.asDouble() * 1000));
    }
}
