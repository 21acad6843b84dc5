package io.strata.archive;

import io.strata.vault.RecoveryPoint;
import java.util.Optional;

/**
 * The seam for Strata's own legal holds on a recovery point ({@code strata hold}, planned in DESIGN's
 * {@code monitor/}): {@code strata forget} refuses a held point. Holds do not exist yet, so the only
 * implementation is {@link #NONE}; S3 Object Lock legal holds on the point's objects are a different thing and are
 * already refused, by the expiry's lock check.
 */
@FunctionalInterface
public interface LegalHolds {

    /** No hold feature is built: nothing is held. Replace it when {@code strata hold} exists. */
    LegalHolds NONE = point -> Optional.empty();

    /** Why the recovery point is held (who, since when), or empty when it is not. */
    Optional<String> heldBecause(RecoveryPoint point);
}
