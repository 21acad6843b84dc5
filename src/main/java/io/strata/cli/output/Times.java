package io.strata.cli.output;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as every command prints them, to people and to scripts: ISO-8601 in UTC to the second, 2026-12-07T11:32:52Z. */
public final class Times {

    private Times() {
    }

    /** Null stays null (a time the record does not have); a clock's nanoseconds are dropped, never rounded up. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
