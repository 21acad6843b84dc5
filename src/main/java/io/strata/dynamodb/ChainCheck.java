package io.strata.dynamodb;

import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Walks an incremental export's chain back to its full export and finds where it does not hold: a
 * recovery point it needs missing from the vault, a link out of order, or two windows that do not meet
 * (the previous export's end is not this one's start). A restore or a verify of an incremental reads
 * the chain only through here, so neither ever spans a gap silently.
 */
public final class ChainCheck {

    /** The chain, full export first and the incremental asked for last, or what breaks it. */
    public record Chain(List<RecoveryPoint> points, List<String> problems) {

        public boolean whole() {
            return problems.isEmpty();
        }
    }

    private final Function<String, Optional<RecoveryPoint>> points;
    private final Function<RecoveryPoint, Instant> fullExportTime;

    /**
     * @param points         a committed recovery point by key, empty when the vault has none
     * @param fullExportTime the time a full export's data is as of (its ExportTime)
     */
    public ChainCheck(Function<String, Optional<RecoveryPoint>> points, Function<RecoveryPoint, Instant> fullExportTime) {
        this.points = points;
        this.fullExportTime = fullExportTime;
    }

    public Chain of(RecoveryPoint incremental) {
        ChainLink link = ChainLink.of(incremental).orElseThrow(() -> new IllegalArgumentException(
                incremental.key() + " is not an incremental export"));
        List<String> problems = new ArrayList<>();
        List<RecoveryPoint> chain = new ArrayList<>();
        List<String> needs = link.needs();
        if (needs.isEmpty() || !needs.get(0).equals(link.full()) || !needs.get(needs.size() - 1).equals(link.previous())
                || needs.size() != link.number()) {
            problems.add(incremental.key() + " records a chain that does not add up (full " + link.full() + ", previous "
                    + link.previous() + ", number " + link.number() + ", needs " + needs + ")");
            return new Chain(List.of(), problems);
        }
        Instant end = null;
        for (int i = 0; i < needs.size(); i++) {
            String key = needs.get(i);
            Optional<RecoveryPoint> found = points.apply(key);
            if (found.isEmpty()) {
                problems.add("gap: " + key + " (" + (i == 0 ? "the full export" : "incremental " + i) + " of the chain of "
                        + incremental.key() + ") is not in the vault");
                end = null;
                continue;
            }
            RecoveryPoint point = found.get();
            Optional<ChainLink> its = ChainLink.of(point);
            if (i == 0) {
                if (its.isPresent()) {
                    problems.add(key + " should be the chain's full export but is " + its.get().label());
                    continue;
                }
                end = fullExportTime.apply(point);
                if (!end.equals(link.fullTime())) {
                    problems.add("gap: the full export " + key + " is as of " + end + ", the chain starts at "
                            + link.fullTime());
                }
            } else {
                end = meets(its, i, needs.get(i - 1), link.full(), end, key, problems);
            }
            chain.add(point);
        }
        meets(Optional.of(link), needs.size(), link.previous(), link.full(), end, incremental.key(), problems);
        chain.add(incremental);
        return new Chain(problems.isEmpty() ? chain : List.of(), problems);
    }

    /** Checks that link number {@code number} follows {@code previous}, which ended at {@code end}; returns its end. */
    private static Instant meets(Optional<ChainLink> link, int number, String previous, String full, Instant end,
                                 String key, List<String> problems) {
        if (link.isEmpty() || link.get().number() != number || !link.get().previous().equals(previous)
                || !link.get().full().equals(full)) {
            problems.add(key + " is not incremental " + number + " of " + full + " after " + previous);
            return null;
        }
        if (end != null && !link.get().from().equals(end)) {
            problems.add("gap: " + previous + " ends at " + end + " but " + key + " starts at " + link.get().from());
        }
        return link.get().to();
    }
}
