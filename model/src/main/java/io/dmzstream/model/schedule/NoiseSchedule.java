package io.dmzstream.model.schedule;

import java.util.Arrays;

/**
 * The fixed forward (noising) process of a DDPM: per-timestep betas and their cumulative products.
 *
 * <p>Immutable. Timesteps are 0-based: {@code alphaBar(0)} is the least noisy, {@code alphaBar(T-1)}
 * the most. z never enters the forward process (DMZ sends information through z instead).
 */
public final class NoiseSchedule {
    /** Kinds of schedule; DMZ uses cosine (Nichol and Dhariwal 2021). */
    public enum Kind { COSINE, LINEAR }

    private final Kind kind;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(Kind kind, double[] betas) {
        this.kind = kind;
        this.betas = betas;
        this.alphaBars = new double[betas.length];
        double prod = 1.0;
        for (int t = 0; t < betas.length; t++) {
            prod *= 1.0 - betas[t];
            alphaBars[t] = prod;
        }
    }

    /** Cosine schedule with offset s = 0.008 and betas clipped at 0.999, as in improved DDPM. */
    public static NoiseSchedule cosine(int timesteps) {
        requirePositive(timesteps);
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double a1 = cosineAlphaBar((double) t / timesteps);
            double a2 = cosineAlphaBar((double) (t + 1) / timesteps);
            betas[t] = Math.min(1.0 - a2 / a1, 0.999);
        }
        return new NoiseSchedule(Kind.COSINE, betas);
    }

    /** Linear schedule of Ho et al., scaled so any T spans the same noise range as T = 1000. */
    public static NoiseSchedule linear(int timesteps) {
        requirePositive(timesteps);
        double scale = 1000.0 / timesteps;
        double start = scale * 1e-4;
        double end = scale * 0.02;
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            betas[t] = timesteps == 1 ? start : start + (end - start) * t / (timesteps - 1);
        }
        return new NoiseSchedule(Kind.LINEAR, betas);
    }

    public static NoiseSchedule of(Kind kind, int timesteps) {
        return kind == Kind.COSINE ? cosine(timesteps) : linear(timesteps);
    }

    private static double cosineAlphaBar(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static void requirePositive(int timesteps) {
        if (timesteps <= 0) {
            throw new IllegalArgumentException("timesteps must be positive, got " + timesteps);
        }
    }

    public Kind kind() {
        return kind;
    }

    public int timesteps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[t];
    }

    /** Cumulative product of (1 - beta) up to and including t. */
    public double alphaBar(int t) {
        return alphaBars[t];
    }

    public double[] alphaBars() {
        return Arrays.copyOf(alphaBars, alphaBars.length);
    }
}
