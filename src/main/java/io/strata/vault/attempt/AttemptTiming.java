package io.strata.vault.attempt;

import java.time.Duration;

/**
 * How a running backup attempt proves it is alive: it renews its lease every {@code renewEvery};
 * an uncommitted attempt with no sign of life for {@code staleAfter} is dead and may be swept.
 */
public record AttemptTiming(Duration renewEvery, Duration staleAfter) {

    /** A lease renewed every minute; an hour of silence (60 missed renewals) means the process is gone. */
    public static final AttemptTiming DEFAULT = new AttemptTiming(Duration.ofMinutes(1), Duration.ofHours(1));

    public AttemptTiming {
        if (renewEvery.multipliedBy(4).compareTo(staleAfter) > 0) {
            throw new IllegalArgumentException("staleAfter " + staleAfter + " must be at least 4 x renewEvery " + renewEvery);
        }
    }
}
