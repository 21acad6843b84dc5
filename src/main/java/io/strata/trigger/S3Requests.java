package io.strata.trigger;

import java.util.List;
import java.util.Optional;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Request objects under {@code s3://bucket/<parent>requests/}. Each one's outcome is written to
 * {@code <parent>results/<name>.json} first, then the object is moved (copy, then delete) to
 * {@code <parent>processed/<name>} or {@code <parent>failed/<name>}. The outcome is the marker: an
 * object seen again with the same bytes (a crash between outcome and delete, a second delivery) is
 * moved, not run again. A different object under a name whose outcome exists is kept as
 * {@code <name>.<first 12 hex of its SHA-256>}: an earlier outcome is never overwritten. The prefix's
 * folder marker ({@code requests/} itself) is no request. With replicas sharing the prefix, {@code claims} is
 * their shared repository: a request is run only by the replica that claimed it.
 */
public final class S3Requests {

    private static final Logger LOG = LoggerFactory.getLogger(S3Requests.class);

    private final S3Client s3;
    private final String bucket;
    private final RequestSettings settings;
    private final RequestHandler handler;
    private final Optional<IdempotentRepository> claims;

    public S3Requests(S3Client s3, String bucket, RequestSettings settings, RequestHandler handler,
                      Optional<IdempotentRepository> claims) {
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.handler = handler;
        this.claims = claims;
    }

    public String key(String key, byte[] content) {
        return "s3:" + bucket + "/" + key + ":" + RequestHandler.sha256(content);
    }

    /** Whether a key is a request this trigger reads (under the prefix, not a folder marker). */
    public boolean isRequest(String key) {
        return key.startsWith(settings.prefix()) && key.length() > settings.prefix().length() && !key.endsWith("/");
    }

    /**
     * Reads the object itself (the SQS path) and handles it. True when its outcome is written (or it is gone: already
     * processed); false when another replica holds its claim, i.e. its outcome is still to come from there.
     */
    public synchronized boolean handleKey(String key) {
        byte[] content;
        try {
            content = RequestHandler.read(s3.getObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            LOG.info("Request s3://{}/{} is gone: already processed", bucket, key);
            return true;
        }
        if (claims.isEmpty()) {
            handle(key, content);
            return true;
        }
        // The same claim as the polling route's idempotent consumer takes, released the same way.
        String claim = key(key, content);
        if (!claims.get().add(claim)) {
            claimedElsewhere(key, content);
            return false;
        }
        try {
            handle(key, content);
        } catch (RuntimeException | Error e) {
            claims.get().remove(claim);
            throw e;
        }
        claims.get().confirm(claim);
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
        Optional<Stored> earlier = earlier(name, sha);
        if (earlier.isPresent()) {
            LOG.info("Request s3://{}/{} was already processed ({}): moved, not run again", bucket, key,
                    earlier.get().outcome().status());
            moveTo(key, target(earlier.get()));
            return;
        }
        RequestOutcome outcome = handler.handle(name, content);
        Stored stored = new Stored(freeName(name, sha), outcome);
        s3.putObject(r -> r.bucket(bucket).key(results(stored.name())).contentType("application/json"),
                RequestBody.fromBytes(OutcomeJson.write(outcome)));
        moveTo(key, target(stored));
        // The one line a request leaves in the log: a warning unless it went well, so --quiet keeps it.
        LOG.atLevel(RequestOutcome.OK.equals(outcome.status()) ? Level.INFO : Level.WARN)
                .log("{} -> s3://{}/{}", outcome.summary(), bucket, results(stored.name()));
    }

    /** A second delivery the idempotent repository knows: moved like the first, never run again nor over it. */
    public synchronized void duplicate(String key, byte[] content) {
        if (!isRequest(key)) {
            return; // the folder marker, seen again: still no request
        }
        String name = name(key);
        String sha = RequestHandler.sha256(content);
        String target = earlier(name, sha).map(this::target)
                .orElseGet(() -> settings.parent() + "processed/" + freeName(name, sha));
        LOG.info("Request s3://{}/{} is a duplicate of one already processed: moved to {}, not run again", bucket, key,
                target);
        moveTo(key, target);
    }

    /** With replicas: the request is claimed by one (perhaps this one's other route) that runs it and moves it. */
    public void claimedElsewhere(String key, byte[] content) {
        LOG.debug("Request s3://{}/{} is being handled under another claim: left to it", bucket, key);
    }

    /** A request kept as {@code name} (under processed/ or failed/) with its outcome at results/{@code name}.json. */
    private record Stored(String name, RequestOutcome outcome) {
    }

    private String target(Stored stored) {
        return settings.parent() + (stored.outcome().rejected() ? "failed/" : "processed/") + stored.name();
    }

    private void moveTo(String key, String target) {
        try {
            s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target));
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            LOG.info("Request s3://{}/{} was moved already", bucket, key);
        }
    }

    /** The earlier delivery of these bytes under this name, recognised by its outcome (see InboxFolders for names). */
    private Optional<Stored> earlier(String name, String sha) {
        for (String stored : List.of(name, name + "." + InboxFolders.tag(sha))) {
            Optional<RequestOutcome> outcome = outcomeAt(stored).filter(found -> sha.equals(found.sha256()));
            if (outcome.isPresent()) {
                return Optional.of(new Stored(stored, outcome.get()));
            }
        }
        return Optional.empty();
    }

    /** {@code name} if no outcome holds it yet, else {@code name.<sha12>}: an earlier outcome is never overwritten. */
    private String freeName(String name, String sha) {
        if (!exists(results(name))) {
            return name;
        }
        String tagged = name + "." + InboxFolders.tag(sha);
        String stored = tagged;
        for (int n = 2; exists(results(stored)); n++) {
            stored = tagged + "." + n;
        }
        return stored;
    }

    private Optional<RequestOutcome> outcomeAt(String stored) {
        try {
            return OutcomeJson.read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(results(stored))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private boolean exists(String objectKey) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String results(String stored) {
        return settings.parent() + "results/" + stored + ".json";
    }

    private String name(String key) {
        return key.startsWith(settings.prefix()) ? key.substring(settings.prefix().length()) : key;
    }
}
