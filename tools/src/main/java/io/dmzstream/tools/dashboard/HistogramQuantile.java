package io.dmzstream.tools.dashboard;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * PromQL's {@code histogram_quantile}: the q-quantile of a histogram given as cumulative bucket
 * counts by upper bound ({@code le}, +Inf included), interpolating linearly inside the bucket the
 * rank falls in. Matches Prometheus: the first bucket's lower bound is 0 (when its upper bound is
 * positive), a rank in the +Inf bucket answers the highest finite bound, no observations answer NaN.
 */
public final class HistogramQuantile {
    private HistogramQuantile() {
    }

    public static double of(double q, Map<Double, Double> cumulativeByUpperBound) {
        if (Double.isNaN(q) || q < 0 || q > 1) {
            // Prometheus answers -Inf / +Inf outside [0, 1]; the dashboard never asks that
            throw new IllegalArgumentException("quantile " + q + " outside [0, 1]");
        }
        NavigableMap<Double, Double> buckets = new TreeMap<>(cumulativeByUpperBound);
        if (buckets.size() < 2 || buckets.lastKey() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // counts must not fall as bounds rise; scrapes of live counters can be torn, so enforce it
        double running = 0;
        for (var e : buckets.entrySet()) {
            running = Math.max(running, e.getValue());
            e.setValue(running);
        }
        double total = buckets.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        boolean first = true;
        for (var e : buckets.entrySet()) {
            double upper = e.getKey();
            double count = e.getValue();
            if (count >= rank) {
                if (upper == Double.POSITIVE_INFINITY) {
                    return buckets.lowerKey(upper);
                }
                if (first && upper <= 0) {
                    return upper;
                }
                return lowerBound + (upper - lowerBound) * (rank - lowerCount) / (count - lowerCount);
            }
            lowerBound = upper;
            lowerCount = count;
            first = false;
        }
        return buckets.lowerKey(Double.POSITIVE_INFINITY);
    }
}
