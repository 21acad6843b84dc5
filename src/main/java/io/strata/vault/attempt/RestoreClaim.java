package io.strata.vault.attempt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.vault.Json;
import io.strata.vault.KeySegments;
import io.strata.vault.S3Errors;
import io.strata.vault.Vault;
import io.strata.vault.VaultException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One restore per target at a time: before its first look at the target, a restore stores
 * {@code <prefix>strata/restores/<region>/<target>.json} with {@code If-None-Match: *}, which S3
 * stores for exactly one of two writers; the other gets 412 and is refused naming the first. The
 * claim says which recovery point, host, pid and start, and until when its lease runs; it is
 * renewed ({@code If-Match} its own ETag) every {@link AttemptTiming#renewEvery()} and deleted
 * when the restore ends, whatever the outcome. A claim whose lease lapsed (its restore was killed)
 * is taken over, conditional on the ETag read, so of two restores taking over one wins.
 * Like the attempt lease, it is a control object: encrypted, never locked.
 *
 * <p>The lease expiry is written by the claimant's clock and read by the next one's: a clock skew
 * shorter than {@code staleAfter} minus {@code renewEvery} cannot let a live claim be taken.
 */
public final class RestoreClaim implements AutoCloseable {

    /** Renewed every 30 s; 5 min without renewal and the restore that wrote it is gone. */
    public static final AttemptTiming TIMING = new AttemptTiming(Duration.ofSeconds(30), Duration.ofMinutes(5));
    private static final Logger LOG = LoggerFactory.getLogger(RestoreClaim.class);

    private final Vault vault;
    private final String key;
    private final Map<String, Object> content;
    private final AttemptTiming timing;
    private final Clock clock;
    private Renewal renewal;
    private volatile String etag;

    private RestoreClaim(Vault vault, String key, String recoveryPoint, AttemptTiming timing, Clock clock) {
        this.vault = vault;
        this.key = key;
        this.timing = timing;
        this.clock = clock;
        this.content = new LinkedHashMap<>();
        content.put("recoveryPoint", recoveryPoint);
        content.put("host", host());
        content.put("pid", ProcessHandle.current().pid());
        content.put("startedAt", clock.instant().toString());
    }

    /** The claim's key for {@code target} in {@code region}. */
    public static String key(Vault vault, String region, String target) {
        return vault.prefix() + "strata/restores/" + KeySegments.segment("region", region) + "/"
                + KeySegments.segment("restore target", target) + ".json";
    }

    /**
     * Claims {@code target} for a restore of {@code recoveryPoint}, or fails naming the restore that
     * holds it (its recovery point, host and start) while that one's lease runs.
     */
    public static RestoreClaim take(Vault vault, String region, String target, String recoveryPoint,
                                    AttemptTiming timing, Clock clock) {
        RestoreClaim claim = new RestoreClaim(vault, key(vault, region, target), recoveryPoint, timing, clock);
        claim.acquire(target);
        claim.renewal = Renewal.every(timing.renewEvery(), "restore-claim-", claim.key, claim::renewQuietly);
        return claim;
    }

    private void acquire(String target) {
        try {
            etag = put(b -> b.ifNoneMatch("*"));
            return;
        } catch (S3Exception e) {
            if (!conflict(e)) {
                throw new VaultException("Cannot claim " + target + " for this restore at s3://" + vault.bucket() + "/"
                        + key + ": " + S3Errors.describe(e), e);
            }
        }
        Optional<Held> held = read();
        if (held.isPresent() && !held.get().lapsed(clock.instant())) {
            throw refused(target, held.get());
        }
        try {
            // Lapsed (its restore was killed) or gone meanwhile: take it over as it was read, so that
            // of two restores taking over the same dead claim exactly one wins.
            etag = held.isPresent() ? put(b -> b.ifMatch(held.get().etag())) : put(b -> b.ifNoneMatch("*"));
            LOG.info("Took over the claim s3://{}/{}{}", vault.bucket(), key,
                    held.map(h -> " left by a restore of " + h.recoveryPoint() + " on " + h.host() + " (its lease lapsed at "
                            + h.expires() + ")").orElse(""));
        } catch (S3Exception e) {
            if (!conflict(e)) {
                throw new VaultException("Cannot claim " + target + " at s3://" + vault.bucket() + "/" + key + ": "
                        + S3Errors.describe(e), e);
            }
            throw read().map(h -> refused(target, h)).orElseGet(() -> new VaultException("Another restore into "
                    + target + " claimed it at the same moment (s3://" + vault.bucket() + "/" + key + "); nothing was written"));
        }
    }

    private VaultException refused(String target, Held held) {
        return new VaultException("Another restore is writing into " + target + ": " + held.recoveryPoint() + " on "
                + held.host() + " (pid " + held.pid() + "), started at " + held.startedAt() + "; nothing was written. "
                + "Its claim s3://" + vault.bucket() + "/" + key + " runs until " + held.expires()
                + " unless renewed: if that restore was killed, retry after then");
    }

    /** 412 Precondition Failed, or 409 ConditionalRequestConflict (another conditional write in flight). */
    private static boolean conflict(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private record Held(String etag, String recoveryPoint, String host, String pid, String startedAt, Instant expires) {
        boolean lapsed(Instant now) {
            return expires == null || now.isAfter(expires);
        }
    }

    /** The claim as stored now; a claim that is not Strata's JSON counts as lapsed (never as ours). */
    private Optional<Held> read() {
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        String etag = bytes.response().eTag();
        try {
            JsonNode json = Json.MAPPER.readTree(bytes.asByteArray());
            Instant expires = Instant.parse(json.path("leaseExpiresAt").asText());
            return Optional.of(new Held(etag, json.path("recoveryPoint").asText("?"), json.path("host").asText("?"),
                    json.path("pid").asText("?"), json.path("startedAt").asText("?"), expires));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Held(etag, "(unreadable claim)", "?", "?", "?", null));
        }
    }

    private interface Condition {
        PutObjectRequest.Builder apply(PutObjectRequest.Builder builder);
    }

    /** Stores the claim with its lease renewed from now, under {@code condition}; its new ETag. */
    private String put(Condition condition) {
        content.put("leaseExpiresAt", clock.instant().plus(timing.staleAfter()).toString());
        byte[] body;
        try {
            body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new VaultException("Cannot serialise the restore claim", e);
        }
        PutObjectRequest request = condition.apply(vault.encryption().apply(PutObjectRequest.builder()
                .bucket(vault.bucket()).key(key))).contentType("application/json").build();
        return vault.s3().putObject(request, RequestBody.fromBytes(body)).eTag();
    }

    private void renewQuietly() {
        try {
            etag = put(b -> b.ifMatch(etag));
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the restore claim s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }

    /** Stops renewing and deletes the claim, unless another restore took it over meanwhile. */
    @Override
    public void close() {
        renewal.stop();
        try {
            if (read().map(h -> h.etag().equals(etag)).orElse(false)) {
                vault.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the restore claim s3://{}/{} (it lapses by itself): {}", vault.bucket(), key,
                    e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }
}
