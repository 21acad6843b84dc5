package io.strata.bench;

import java.util.Arrays;
import java.util.List;

/** Median and range of the measured rounds of one quantity; an even count takes the mean of the middle two. */
record Stats(double median, double min, double max) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Stats(median, sorted[0], sorted[sorted.length - 1]);
    }

    /** {@code 26,416 (25,102–27,003)} with the given format for each number. */
    String format(String number) {
        return String.format(number + " (" + number + "–" + number + ")", median, min, max);
    }
}
