package io.strata.vault.attempt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.text.Json;
import io.strata.vault.Vault;
import io.strata.vault.error.S3Errors;
import io.strata.vault.error.VaultException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
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
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One holder of a vault key at a time, across processes and machines: the claim is stored with
 * {@code If-None-Match: *}, which S3 stores for exactly one of two writers; the other gets 412 and
 * is refused naming the first. The claim says what it is for, host, pid and start, and until when
 * its lease runs; it is renewed ({@code If-Match} its own ETag) every {@link AttemptTiming#renewEvery()}
 * and deleted at the end, whatever the outcome. A claim whose lease lapsed (its holder was killed)
 * is taken over, conditional on the ETag read, so of two takers one wins. A control object:
 * encrypted, never locked. Used by {@link RestoreClaim} (one restore per target) and
 * {@link ArchiveLock} (one archive pass per plan).
 *
 * <p>The lease expiry is written by the holder's clock and read by the next one's: a clock skew
 * shorter than {@code staleAfter} minus {@code renewEvery} cannot let a live claim be taken.
 */
final class VaultClaim implements AutoCloseable {

    /** What a refusal says: the other holder's description in, the whole message out. */
    interface Refusal {
        String describe(Holder other, String claimUri);
    }

    /** Who holds a claim, as read back from the vault. */
    record Holder(String etag, String holding, String host, String pid, String startedAt, Instant expires) {
        boolean lapsed(Instant now) {
            return expires == null || now.isAfter(expires);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VaultClaim.class);

    private final Vault vault;
    private final String key;
    private final String name;
    private final String holdingField;
    private final Map<String, Object> content;
    private final AttemptTiming timing;
    private final Clock clock;
    private Renewal renewal;
    private volatile String etag;
    /** A write got a version id back: releasing must remove the versions, not just add a delete marker. */
    private volatile boolean versioned;

    private VaultClaim(Vault vault, String key, String name, String holdingField, String holding,
                       AttemptTiming timing, Clock clock) {
        this.vault = vault;
        this.key = key;
        this.name = name;
        this.timing = timing;
        this.clock = clock;
        this.content = new LinkedHashMap<>();
        content.put(holdingField, holding);
        content.put("host", host());
        content.put("pid", ProcessHandle.current().pid());
        content.put("startedAt", clock.instant().toString());
        this.holdingField = holdingField;
    }

    /**
     * Takes {@code key} for {@code holding} (stored under {@code holdingField}), or throws the
     * {@code refusal} naming the live holder. {@code name} says what is claimed, for messages.
     */
    static VaultClaim take(Vault vault, String key, String name, String holdingField, String holding,
                           Refusal refusal, AttemptTiming timing, Clock clock) {
        VaultClaim claim = new VaultClaim(vault, key, name, holdingField, holding, timing, clock);
        claim.acquire(refusal);
        claim.renewal = Renewal.every(timing.renewEvery(), "claim-", key, claim::renewQuietly);
        return claim;
    }

    private void acquire(Refusal refusal) {
        try {
            etag = put(b -> b.ifNoneMatch("*"));
            return;
        } catch (S3Exception e) {
            if (!conflict(e)) {
                throw new VaultException("Cannot claim " + name + " at " + uri() + ": " + S3Errors.describe(e), e);
            }
        }
        Optional<Holder> held = read();
        if (held.isPresent() && !held.get().lapsed(clock.instant())) {
            throw new VaultException(refusal.describe(held.get(), uri()));
        }
        try {
            // Lapsed (its holder was killed) or gone meanwhile: take it over as it was read, so that
            // of two taking over the same dead claim exactly one wins.
            etag = held.isPresent() ? put(b -> b.ifMatch(held.get().etag())) : put(b -> b.ifNoneMatch("*"));
            LOG.info("Took over the claim {}{}", uri(), held.map(h -> " left by " + h.holding() + " on " + h.host()
                    + " (its lease lapsed at " + h.expires() + ")").orElse(""));
        } catch (S3Exception e) {
            if (!conflict(e)) {
                throw new VaultException("Cannot claim " + name + " at " + uri() + ": " + S3Errors.describe(e), e);
            }
            throw read().map(h -> new VaultException(refusal.describe(h, uri()))).orElseGet(() -> new VaultException(
                    "Another holder claimed " + name + " at the same moment (" + uri() + "); nothing was done"));
        }
    }

    private String uri() {
        return "s3://" + vault.bucket() + "/" + key;
    }

    /** 412 Precondition Failed, or 409 ConditionalRequestConflict (another conditional write in flight). */
    private static boolean conflict(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    /** The claim as stored now; a claim that is not Strata's JSON counts as lapsed (never as ours). */
    private Optional<Holder> read() {
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
            return Optional.of(new Holder(etag, json.path(holdingField).asText("?"), json.path("host").asText("?"),
                    json.path("pid").asText("?"), json.path("startedAt").asText("?"), expires));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Holder(etag, "(unreadable claim)", "?", "?", "?", null));
        }
    }

    private interface Condition {
        PutObjectRequest.Builder apply(PutObjectRequest.Builder builder);
    }

    /** Stores the claim with its lease renewed from now, under {@code condition}; its new ETag. */
    private String put(Condition condition) {
        return put(condition, clock.instant().plus(timing.staleAfter()));
    }

    private String put(Condition condition, Instant leaseExpiresAt) {
        content.put("leaseExpiresAt", leaseExpiresAt.toString());
        byte[] body;
        try {
            body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new VaultException("Cannot serialise the claim on " + name, e);
        }
        PutObjectRequest request = condition.apply(vault.encryption().apply(PutObjectRequest.builder()
                .bucket(vault.bucket()).key(key))).contentType("application/json").build();
        PutObjectResponse stored = vault.s3().putObject(request, RequestBody.fromBytes(body));
        versioned |= stored.versionId() != null && !stored.versionId().equals("null");
        return stored.eTag();
    }

    private void renewQuietly() {
        try {
            etag = put(b -> b.ifMatch(etag));
        } catch (RuntimeException e) {
            if (Renewal.clientClosed(e)) {
                LOG.debug("Renewal stopped, its client is closed: {}", e.getMessage());
                return;
            }
            LOG.warn("Could not renew the claim {}: {}", uri(), e.getMessage());
        }
    }

    /** Stops renewing and deletes the claim, unless another holder took it over meanwhile. */
    @Override
    public void close() {
        renewal.stop();
        try {
            if (!read().map(h -> h.etag().equals(etag)).orElse(false)) {
                return; // taken over meanwhile: no longer ours to release
            }
            if (versioned && vault.locks().objectLock().bucketDefault()) {
                // Every version is locked by the bucket's default: a delete would only add a marker
                // (which some S3 emulators still count as the key for If-None-Match). Released as lapsed
                // instead, so the next holder takes it over as it would a dead one's.
                put(b -> b.ifMatch(etag), clock.instant().minusMillis(1));
            } else if (!versioned || !ControlObjects.removeAllVersions(vault, key)) {
                vault.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claim {} (it lapses by itself): {}", uri(), e.getMessage());
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
