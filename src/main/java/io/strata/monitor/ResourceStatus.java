package io.strata.monitor;

/**
 * What a resource's newest recovery point proves, as {@code strata status}, the verify route and the
 * verification records say it. The first four are in the order of {@code strata_resource_status}
 * (0 OK, 1 STALE, 2 CORRUPT, 3 MISSING).
 */
public enum ResourceStatus {
    /** Fresh, and it passed its checks. */
    OK,
    /** Older than its plan's freshness. */
    STALE,
    /** Its stored data (or its snapshots) differ from what it recorded, or are gone. */
    CORRUPT,
    /** The resource matches a plan but has no committed recovery point. */
    MISSING,
    /** A check could not be made (a read failed, a restore test went wrong): nothing is proven either way. */
    FAILED
}
