package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One export, as DescribeExport describes it; {@code request} is what its token was first sent with. */
final class DynamoDbExport {

    final String arn;
    final String token;
    final JsonNode request;
    final String tableArn;
    final String tableId;
    final String table;
    final Instant started;
    final Instant exportTime;
    final List<JsonNode> items;
    volatile String status = "IN_PROGRESS";
    volatile Instant ended;
    volatile String failureCode;
    volatile String failureMessage;
    volatile String manifest;
    volatile long billedBytes;
    volatile long itemCount;
    int polls;

    DynamoDbExport(String arn, String token, JsonNode request, String tableArn, String tableId, String table,
                   Instant started, Instant exportTime, List<JsonNode> items) {
        this.arn = arn;
        this.token = token;
        this.request = request;
        this.tableArn = tableArn;
        this.tableId = tableId;
        this.table = table;
        this.started = started;
        this.exportTime = exportTime;
        this.items = items;
    }

    String id() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    String bucket() {
        return request.path("S3Bucket").asText();
    }

    /** The S3Prefix as sent, without the slash AWS puts between it and AWSDynamoDB/. */
    String prefix() {
        return prefixOf(request);
    }

    static String prefixOf(JsonNode request) {
        String prefix = request.path("S3Prefix").asText("");
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
