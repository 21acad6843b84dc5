package io.strata.vault.attempt;

import io.strata.vault.KeySegments;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;

/**
 * One archive pass per plan and vault at a time, across processes and machines: a pass claims
 * {@code <prefix>strata/archive/<plan>.lock} (a {@link VaultClaim}) before it plans anything, so a
 * second pass started meanwhile (a manual {@code strata archive} beside the daemon's 03:00 pass, or
 * two daemons) does nothing and says which pass holds the plan, instead of both expiring and
 * reporting the same recovery points.
 */
public final class ArchiveLock implements AutoCloseable {

    /** Renewed every 30 s; 5 min without renewal and the pass that wrote it is gone. */
    public static final AttemptTiming TIMING = new AttemptTiming(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private final VaultClaim claim;

    private ArchiveLock(VaultClaim claim) {
        this.claim = claim;
    }

    /** The lock's key for {@code plan} in {@code vault}. */
    public static String key(Vault vault, String plan) {
        return vault.prefix() + "strata/archive/" + KeySegments.segment("plan", plan) + ".lock";
    }

    /** Takes the plan's lock in {@code vault}, or fails naming the pass that holds it while its lease runs. */
    public static ArchiveLock take(Vault vault, String plan, AttemptTiming timing, Clock clock) {
        return new ArchiveLock(VaultClaim.take(vault, key(vault, plan), "the archive of plan " + plan, "pass",
                "archive pass of plan " + plan, (other, uri) -> "Another archive pass of plan " + plan + " is running on "
                        + other.host() + " (pid " + other.pid() + "), started at " + other.startedAt()
                        + "; this pass did nothing in s3://" + vault.bucket() + ". Its lock " + uri + " runs until "
                        + other.expires() + " unless renewed: if that pass was killed, run again after then",
                timing, clock));
    }

    /** Stops renewing and deletes the lock, unless another pass took it over meanwhile. */
    @Override
    public void close() {
        claim.close();
    }
}
