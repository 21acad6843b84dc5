package io.strata.bench;

/**
 * Runs a baseline and a Strata phase alternately: first the warm-up rounds, printed but not kept
 * (both JVMs and both emulators still speed up over the first rounds), then the measured rounds.
 */
final class Rounds {

    /** Minimum measured rounds: a median of fewer is too easily moved by one slow or warm round. */
    static final int MIN_MEASURED = 5;

    /** One side of a pair, run once per round ({@code round} counts warm-up rounds too, for unique table names). */
    interface Side {
        Phase.Sample run(int round) throws Exception;
    }

    private final int warmup;
    private final int measured;

    Rounds(int warmup, int measured) {
        if (warmup < 0 || measured < MIN_MEASURED) {
            throw new IllegalArgumentException("need warm-up >= 0 and at least " + MIN_MEASURED
                    + " measured rounds, got " + warmup + " and " + measured);
        }
        this.warmup = warmup;
        this.measured = measured;
    }

    /** One phase alone, round after round (the archive benchmark has no baseline to alternate with). */
    void run(Phase phase, Side side) throws Exception {
        for (int round = 1; round <= warmup + measured; round++) {
            boolean counted = round > warmup;
            Phase.Sample sample = side.run(round);
            System.out.printf("%-10s %-30s %,10.0f %s %s%n", label(round), phase.name(), sample.rate(), phase.unit(),
                    sample.cpu());
            if (counted) {
                phase.add(sample);
            }
        }
    }

    /** {@code warm-up 2} or {@code round 3} (measured rounds count from 1). */
    String label(int round) {
        return round > warmup ? "round " + (round - warmup) : "warm-up " + round;
    }

    /** Whether round {@code round} (warm-up rounds included) is measured. */
    boolean counted(int round) {
        return round > warmup;
    }

    int measured() {
        return measured;
    }

    int total() {
        return warmup + measured;
    }

    void run(Phase baseline, Side baselineSide, Phase strata, Side strataSide) throws Exception {
        for (int round = 1; round <= warmup + measured; round++) {
            boolean counted = round > warmup;
            String label = label(round);
            // Alternate who goes first so that neither side always gets the warmer (or cooler) turn.
            boolean baselineFirst = round % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                boolean isBaseline = (turn == 0) == baselineFirst;
                Phase phase = isBaseline ? baseline : strata;
                Phase.Sample sample = (isBaseline ? baselineSide : strataSide).run(round);
                System.out.printf("%-10s %-15s %,10.0f %s %s%n", label, phase.name(), sample.rate(), phase.unit(),
                        sample.cpu());
                if (counted) {
                    phase.add(sample);
                }
            }
        }
    }
}
