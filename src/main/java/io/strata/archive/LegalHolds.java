package io.strata.archive;

import io.strata.vault.RecoveryPoint;
import java.util.Optional;

/**
 * How {@code strata forget} asks whether a recovery point is under a legal hold ({@code strata hold}, the room
 * {@code hold/}, bound by the composition root): it refuses a held point. The archive pass needs no seam: it reads
 * the hold objects from its own listing ({@code Listing.holdsOf}). S3 Object Lock legal holds on the point's
 * objects are refused as well, by the expiry's lock check.
 */
@FunctionalInterface
public interface LegalHolds {

    /** Nothing is held: for tests of forget that are not about holds. */
    LegalHolds NONE = point -> Optional.empty();

    /** Why the recovery point is held (who, since when), or empty when it is not. */
    Optional<String> heldBecause(RecoveryPoint point);
}
