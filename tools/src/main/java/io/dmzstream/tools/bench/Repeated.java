package io.dmzstream.tools.bench;

import java.util.Arrays;
import java.util.List;

/** One figure over the repetitions: median, min, max and the spread (max - min) / median. */
public record Repeated(List<Double> values) {
    /** A spread above this makes the figure unreliable; the report says so. */
    public static final double SPREAD_LIMIT = 0.15;

    public Repeated {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
    }

    public double median() {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    public double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Relative min-max range; 0 for a single value. */
    public double spread() {
        double m = median();
        return m == 0 ? 0 : (max() - min()) / Math.abs(m);
    }

    public boolean unreliable() {
        return spread() > SPREAD_LIMIT;
    }

    public static Repeated of(double... v) {
        return new Repeated(Arrays.stream(v).boxed().toList());
    }
}
