package io.strata.vault.attempt;

import io.strata.vault.KeySegments;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;

/**
 * One restore per target at a time: before its first look at the target, a restore claims
 * {@code <prefix>strata/restores/<region>/<target>.json} (a {@link VaultClaim}); a second restore
 * into the same target is refused naming the first (its recovery point, host and start) while the
 * first one's lease runs, and takes the claim over once it lapsed (the first was killed).
 */
public final class RestoreClaim implements AutoCloseable {

    /** Renewed every 30 s; 5 min without renewal and the restore that wrote it is gone. */
    public static final AttemptTiming TIMING = new AttemptTiming(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private final VaultClaim claim;

    private RestoreClaim(VaultClaim claim) {
        this.claim = claim;
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
        return new RestoreClaim(VaultClaim.take(vault, key(vault, region, target), target + " for this restore",
                "recoveryPoint", recoveryPoint, (other, uri) -> "Another restore is writing into " + target + ": "
                        + other.holding() + " on " + other.host() + " (pid " + other.pid() + "), started at "
                        + other.startedAt() + "; nothing was written. Its claim " + uri + " runs until "
                        + other.expires() + " unless renewed: if that restore was killed, retry after then",
                timing, clock));
    }

    /** Stops renewing and deletes the claim, unless another restore took it over meanwhile. */
    @Override
    public void close() {
        claim.close();
    }
}
