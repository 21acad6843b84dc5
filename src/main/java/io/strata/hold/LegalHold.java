package io.strata.hold;

import java.time.Instant;

/**
 * One legal hold on a recovery point, as stored in {@code <point folder>holds/<id>.json}: an object of its own
 * beside the point (a committed descriptor is never rewritten). The point stays until every hold is released.
 *
 * @param id            {@code <yyyyMMddTHHmmssZ>-<8 hex>}, the object's name
 * @param recoveryPoint the point's full key: a hold object copied into another folder holds nothing there
 * @param heldBy        the OS user of the process that placed it
 * @param origin        how it was asked for: {@code cli}, {@code jmx}, {@code request <file>}
 */
public record LegalHold(String id, String recoveryPoint, String heldBy, String origin, Instant heldAt, String reason) {

    /** One line, as {@code strata hold}, {@code list} and {@code forget} print it. */
    public String describe() {
        return "held since " + heldAt + " by " + heldBy + " (" + origin + "): " + reason;
    }
}
