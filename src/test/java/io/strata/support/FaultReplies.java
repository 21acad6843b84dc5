package io.strata.support;

import io.strata.support.DynamoDbProxy.Reply;
import io.strata.support.FaultProxy.Fault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The error answers {@link FaultProxy} makes in the server's place, as AWS documents them. */
final class FaultReplies {

    private FaultReplies() {
    }

    static HttpMessage of(Fault fault, String method) {
        return switch (fault) {
            case S3_SLOW_DOWN -> s3(503, "Service Unavailable", "SlowDown", "Please reduce your request rate.", method);
            case S3_INTERNAL_ERROR -> s3(500, "Internal Server Error", "InternalError",
                    "We encountered an internal error. Please try again.", method);
            case DYNAMODB_THROTTLING -> dynamoDb(Reply.error(400, "ThrottlingException",
                    "Rate of requests exceeds the allowed throughput."), "Bad Request");
            case DYNAMODB_INTERNAL_ERROR -> dynamoDb(Reply.error(500, "InternalServerError",
                    "Internal server error"), "Internal Server Error");
            default -> throw new IllegalArgumentException(fault + " is not an answer");
        };
    }

    /** S3's XML error body (none for a HEAD, whose errors S3 sends without one). */
    private static HttpMessage s3(int status, String reason, String code, String message, String method) {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        byte[] body = method.equals("HEAD") ? new byte[0]
                : ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>" + requestId + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "application/xml"});
        headers.add(new String[] {"x-amz-request-id", requestId});
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, headers, body);
    }

    private static HttpMessage dynamoDb(Reply reply, String reason) {
        List<String[]> headers = new ArrayList<>();
        reply.headers().forEach((name, values) -> values.forEach(value -> headers.add(new String[] {name, value})));
        return new HttpMessage("HTTP/1.1 " + reply.status() + " " + reason, headers, reply.body());
    }
}
