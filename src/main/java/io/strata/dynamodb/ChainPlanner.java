package io.strata.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a run of a plan with {@code dynamodb.incremental} makes an incremental export or a
 * new full one, from the newest export of the table's chain:
 * <ul>
 *   <li>no export yet, or the chain's full export is {@code full-every} old or older: a full export;</li>
 *   <li>less than 15 minutes since the last export ended (AWS's shortest incremental window): a full
 *       export, which is always valid;</li>
 *   <li>more than one and a half windows, or more than 24 hours (AWS's longest window), since it ended:
 *       a window was missed or an export failed. That is a gap: the next chain starts with a full export
 *       and the run says so. Half a window of grace lets a late run (a busy scheduler) continue the chain;</li>
 *   <li>otherwise an incremental export of {@code [last end, now)}: contiguous with the last one by
 *       construction ({@code ExportFromTime} inclusive = the previous {@code ExportToTime} exclusive).</li>
 * </ul>
 */
public final class ChainPlanner {

    /** AWS's shortest incremental export window. */
    public static final Duration SHORTEST = Duration.ofMinutes(15);
    /** AWS's longest incremental export window. */
    public static final Duration LONGEST = Duration.ofHours(24);

    /**
     * The newest export of a table's chain: its key, the time its data is as of (a full export's
     * ExportTime, an incremental's ExportToTime), and its link (empty for a full export).
     */
    public record Last(String key, Instant end, Optional<ChainLink> link) {
    }

    /** What to do now: a full export (with why, and whether a gap is why), or the incremental {@code link}. */
    public record Step(Optional<ChainLink> link, String reason, boolean gap) {

        static Step full(String reason, boolean gap) {
            return new Step(Optional.empty(), reason, gap);
        }

        public boolean incremental() {
            return link.isPresent();
        }
    }

    private final Duration window;
    private final Duration fullEvery;

    public ChainPlanner(Duration window, Duration fullEvery) {
        this.window = window;
        this.fullEvery = fullEvery;
    }

    public Step next(Optional<Last> last, Instant now) {
        if (last.isEmpty()) {
            return Step.full("no full export to continue yet", false);
        }
        Last newest = last.get();
        Instant fullTime = newest.link().map(ChainLink::fullTime).orElse(newest.end());
        Duration fullAge = Duration.between(fullTime, now);
        if (fullAge.compareTo(fullEvery) >= 0) {
            return Step.full("the chain's full export is " + fullAge + " old (full-every " + fullEvery + ")", false);
        }
        Duration since = Duration.between(newest.end(), now);
        if (since.compareTo(SHORTEST) < 0) {
            return Step.full("the last export ended " + since + " ago, less than the 15 minutes an incremental "
                    + "export needs", false);
        }
        Duration grace = window.plus(window.dividedBy(2));
        if (since.compareTo(grace) > 0 || since.compareTo(LONGEST) > 0) {
            return Step.full("gap: no export covers " + newest.end() + " to " + now + " (" + since + " since "
                    + newest.key() + ", more than " + (grace.compareTo(LONGEST) < 0 ? "1.5 windows of " + window
                    : "24 hours") + ": a missed window or a failed export); a new chain starts", true);
        }
        ChainLink link = newest.link().map(l -> l.then(newest.key(), now))
                .orElseGet(() -> ChainLink.first(newest.key(), newest.end(), now));
        return new Step(Optional.of(link), "incremental " + link.number() + " of " + link.full(), false);
    }
}
