package io.dmzstream.model.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A figure measured once per seed, reported as its mean and its range: one FID from a finite sample
 * is noisy (500 samples moved it by up to 17% between runs), so a target is only judged met when
 * the range says the difference holds.
 *
 * @param values one value per seed, in seed order
 */
public record Spread(double[] values) {
    public Spread {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        values = values.clone();
    }

    public static Spread of(double... values) {
        return new Spread(values);
    }

    /** Measures seed index 0 .. seeds - 1 in turn. */
    public static Spread over(int seeds, IntToDoubleFunction measure) {
        double[] v = new double[seeds];
        for (int j = 0; j < seeds; j++) {
            v[j] = measure.applyAsDouble(j);
        }
        return new Spread(v);
    }

    public double mean() {
        return Arrays.stream(values).average().orElseThrow();
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    public int count() {
        return values.length;
    }

    /** Values as a list, for JSON. */
    public List<Double> perSeed() {
        return Arrays.stream(values).boxed().toList();
    }

    /** Whether every seed of this lies below every seed of {@code other}: a "lower" that the spread cannot undo. */
    public boolean entirelyBelow(Spread other) {
        return max() < other.min();
    }

    /** {@code 14.47 (14.10-14.90)}, or just the value for a single seed. */
    public String format() {
        return count() == 1 ? String.format("%.2f", mean()) : String.format("%.2f (%.2f-%.2f)", mean(), min(), max());
    }
}
