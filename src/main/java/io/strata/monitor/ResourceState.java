package io.strata.monitor;

import io.strata.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@code strata status} says of one resource of a plan, as of {@code asOf}.
 *
 * @param newest           its newest committed recovery point; null when it has none (MISSING)
 * @param storage          where that point's data is now (STANDARD, GLACIER, …, or SNAPSHOTS for a snapshot service)
 * @param lastVerification the newest {@code verify} or {@code manual} record of that point; null when it has not been
 *                         verified yet
 * @param lastRestoreTest  the newest {@code restore-test} record of any of its points; null when none was made
 * @param reason           why it is not OK; null when it is
 * @param held             whether the newest point is under a legal hold ({@code strata hold}): not tiered, not expired
 */
public record ResourceState(String plan, String resource, Instant asOf, Duration freshness, RecoveryPoint newest,
                            String storage, Verification lastVerification, Verification lastRestoreTest,
                            ResourceStatus status, String reason, boolean held) {

    /** This state, its newest point held or not; the hold changes no status: a held point can still be stale. */
    public ResourceState held(boolean held) {
        return new ResourceState(plan, resource, asOf, freshness, newest, storage, lastVerification, lastRestoreTest,
                status, reason, held);
    }

    /** How old the newest point's data is: from when its backup started. Null without a point. */
    public Duration age() {
        return newest == null || newest.startedAt() == null ? null : Duration.between(newest.startedAt(), asOf);
    }

    public boolean ok() {
        return status == ResourceStatus.OK;
    }

    /**
     * The status of a resource from what is stored, no check run: MISSING without a point, STALE when the
     * newest point is older than the freshness, else what the newest point's last verification found
     * (CORRUPT, FAILED), else FAILED when the last restore test failed, else OK. A point not verified yet is
     * OK by its age alone: it becomes CORRUPT only once a verification says so.
     */
    public static ResourceState judge(String plan, String resource, Instant asOf, Duration freshness, RecoveryPoint newest,
                                      String storage, Verification verified, Verification restoreTest) {
        ResourceStatus status;
        String reason;
        if (newest == null) {
            status = ResourceStatus.MISSING;
            reason = "never backed up: no committed recovery point";
        } else if (newest.startedAt() == null || Duration.between(newest.startedAt(), asOf).compareTo(freshness) > 0) {
            status = ResourceStatus.STALE;
            reason = "newest recovery point is " + Ages.of(newest.startedAt() == null ? null
                    : Duration.between(newest.startedAt(), asOf)) + " old, more than the plan's freshness of "
                    + Ages.of(freshness);
        } else if (verified != null && !verified.ok() && verified.status() != ResourceStatus.STALE) {
            status = verified.status();
            reason = "verification of " + verified.startedAt() + ": " + verified.reason();
        } else if (restoreTest != null && !restoreTest.ok()) {
            status = ResourceStatus.FAILED;
            reason = "restore test of " + restoreTest.startedAt() + " failed: " + restoreTest.reason();
        } else {
            status = ResourceStatus.OK;
            reason = null;
        }
        return new ResourceState(plan, resource, asOf, freshness, newest, storage, verified, restoreTest, status, reason,
                false);
    }

    /** A resource its plan names but no service could resolve (nothing matched, the service unreachable). */
    public static ResourceState unresolved(String plan, String resource, Instant asOf, Duration freshness, String problem) {
        return new ResourceState(plan, resource, asOf, freshness, null, null, null, null, ResourceStatus.FAILED, problem,
                false);
    }
}
