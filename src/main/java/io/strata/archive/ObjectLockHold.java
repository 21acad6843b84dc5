package io.strata.archive;

import java.time.Instant;

/**
 * Why an expiry left a recovery point whole: the object whose lock ends last, and when ({@link Instant#MAX}
 * for a legal hold, which has no end date). The recovery point can be expired once that date has passed.
 */
public record ObjectLockHold(String object, Instant until) {

    public boolean legalHold() {
        return Instant.MAX.equals(until);
    }

    /** The later of two holds (a legal hold outlasts any retention). */
    ObjectLockHold later(ObjectLockHold other) {
        return other == null || until.isAfter(other.until) ? this : other;
    }

    public String describe() {
        return object + (legalHold() ? " is under a legal hold (no end date)" : " is locked until " + until);
    }
}
