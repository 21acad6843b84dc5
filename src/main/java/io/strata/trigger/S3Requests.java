package io.strata.trigger;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Request objects under {@code s3://bucket/<parent>requests/}. Each one's outcome is written to
 * {@code <parent>results/<name>.json} first, then the object is moved (copy, then delete) to
 * {@code <parent>processed/<name>} or {@code <parent>failed/<name>}. The outcome is the marker: an
 * object seen again with the same bytes (a crash between outcome and delete, a second delivery) is
 * moved, not run again.
 */
public final class S3Requests {

    private static final Logger LOG = LoggerFactory.getLogger(S3Requests.class);

    private final S3Client s3;
    private final String bucket;
    private final RequestSettings settings;
    private final RequestHandler handler;

    public S3Requests(S3Client s3, String bucket, RequestSettings settings, RequestHandler handler) {
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.handler = handler;
    }

    public String key(String key, byte[] content) {
        return "s3:" + bucket + "/" + key + ":" + RequestHandler.sha256(content);
    }

    /** Whether a key is a request this trigger reads (under the prefix, not a folder marker). */
    public boolean isRequest(String key) {
        return key.startsWith(settings.prefix()) && key.length() > settings.prefix().length() && !key.endsWith("/");
    }

    /** Reads the object itself (the SQS path): false when it is gone, i.e. already processed. */
    public synchronized boolean handleKey(String key) {
        byte[] content;
        try {
            content = RequestHandler.read(s3.getObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            LOG.info("Request s3://{}/{} is gone: already processed", bucket, key);
            return false;
        }
        handle(key, content);
        return true;
    }

    /** Synchronized: the SQS route and the polling route may meet the same object; the second finds it done. */
    public synchronized void handle(String key, byte[] content) {
        if (!isRequest(key)) {
            LOG.debug("s3://{}/{} is the prefix's folder marker, not a request: left alone", bucket, key);
            return;
        }
        String name = name(key);
        String sha = RequestHandler.sha256(content);
        Optional<RequestOutcome> earlier = earlier(name).filter(outcome -> sha.equals(outcome.sha256()));
        if (earlier.isPresent()) {
            LOG.info("Request s3://{}/{} was already processed ({}): moved, not run again", bucket, key,
                    earlier.get().status());
            move(key, earlier.get());
            return;
        }
        RequestOutcome outcome = handler.handle(name, content);
        String results = settings.parent() + "results/" + name + ".json";
        s3.putObject(r -> r.bucket(bucket).key(results).contentType("application/json"),
                RequestBody.fromBytes(OutcomeJson.write(outcome)));
        move(key, outcome);
        LOG.info("{} -> s3://{}/{}", outcome.summary(), bucket, results);
    }

    /** A second delivery the idempotent repository knows: moved like the first, never run again. */
    public synchronized void duplicate(String key, byte[] content) {
        if (!isRequest(key)) {
            return; // the folder marker, seen again: still no request
        }
        String name = name(key);
        RequestOutcome outcome = earlier(name).orElse(null);
        LOG.info("Request s3://{}/{} is a duplicate of one already processed: moved, not run again", bucket, key);
        moveTo(key, settings.parent() + (outcome != null && outcome.rejected() ? "failed/" : "processed/") + name);
    }

    private void move(String key, RequestOutcome outcome) {
        moveTo(key, settings.parent() + (outcome.rejected() ? "failed/" : "processed/") + name(key));
    }

    private void moveTo(String key, String target) {
        try {
            s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target));
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            LOG.info("Request s3://{}/{} was moved already", bucket, key);
        }
    }

    private Optional<RequestOutcome> earlier(String name) {
        try {
            return OutcomeJson.read(s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key(settings.parent() + "results/" + name + ".json")).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private String name(String key) {
        return key.startsWith(settings.prefix()) ? key.substring(settings.prefix().length()) : key;
    }
}
