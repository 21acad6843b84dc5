package io.strata.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 event notifications of the request bucket, as SQS delivers them (directly, or wrapped by SNS):
 * each {@code ObjectCreated:*} record for a key under the request prefix is processed at once.
 * Everything else (other buckets or keys, other events, {@code s3:TestEvent}, malformed messages)
 * is logged and returns normally, so that the message is deleted and never retried forever.
 */
public final class S3Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(S3Notifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bucket;
    private final S3Requests requests;

    public S3Notifications(String bucket, S3Requests requests) {
        this.bucket = bucket;
        this.requests = requests;
    }

    /**
     * Processes the request objects a message announces; a failure to process one is thrown (the message comes back).
     * True when the message may go: every request it announces has its outcome (or it announces none); false when
     * another replica is still running one of them, so that the message comes back until it is done.
     */
    public boolean handle(String messageId, String body) {
        boolean settled = true;
        for (String key : keys(messageId, body)) {
            if (!requests.handleKey(key)) {
                LOG.info("SQS message {}: s3://{}/{} is being run by another replica: message kept until it is done",
                        messageId, bucket, key);
                settled = false;
            }
        }
        return settled;
    }

    /** The request keys a message announces, each other record logged as ignored. */
    List<String> keys(String messageId, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
            if (root != null && root.path("Type").asText().equals("Notification") && root.path("Message").isTextual()) {
                root = JSON.readTree(root.get("Message").asText()); // S3 -> SNS -> SQS
            }
        } catch (Exception e) {
            LOG.warn("SQS message {} is not an S3 notification (not JSON): deleted", messageId);
            return List.of();
        }
        if (root == null || !root.isObject()) {
            LOG.warn("SQS message {} is not an S3 notification: deleted", messageId);
            return List.of();
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            LOG.info("SQS message {} is S3's test event for bucket {}: deleted", messageId, root.path("Bucket").asText());
            return List.of();
        }
        if (!root.path("Records").isArray()) {
            LOG.warn("SQS message {} has no S3 event records: deleted", messageId);
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode record : root.get("Records")) {
            String event = record.path("eventName").asText();
            String recordBucket = record.path("s3").path("bucket").path("name").asText();
            String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
            if (!event.startsWith("ObjectCreated:") || !bucket.equals(recordBucket) || !requests.isRequest(key)) {
                LOG.info("SQS message {}: {} of s3://{}/{} is no request for this trigger: ignored", messageId,
                        event.isEmpty() ? "an event" : event, recordBucket, key);
                continue;
            }
            keys.add(key);
        }
        return keys;
    }
}
