package io.dmzstream.topology.metrics;

import io.dmzstream.model.network.BitThreshold;
/**
 * Drift of code-bit usage: the mean absolute difference between the live mean of each bit and its
 * mean on the training set (the manifest's {@code codeStatistics.bitMeans}). 0 for codes used like
 * in training; 1 at most (every bit always the opposite of a constant training bit).
 *
 * <p>The live means are a running mean: exact over the first {@code horizon} codes, then
 * exponentially weighted with weight 1/horizon, so that a long-lived instance still notices a
 * change in its inputs instead of averaging it away under weeks of history. Thread-safe.
 */
public final class BitDrift {
    /** Default horizon: about the last 10 000 codes dominate the live means. */
    public static final int DEFAULT_HORIZON = 10_000;

    private final double[] training;
    private final double[] live;
    private final int horizon;
    private long codes;

    public BitDrift(double[] trainingBitMeans, int horizon) {
        if (trainingBitMeans.length == 0) {
            throw new IllegalArgumentException("no training bit means");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1");
        }
        this.training = trainingBitMeans.clone();
        this.live = new double[trainingBitMeans.length];
        this.horizon = horizon;
    }

    public BitDrift(double[] trainingBitMeans) {
        this(trainingBitMeans, DEFAULT_HORIZON);
    }

    /** Code size d the training statistics describe. */
    public int bits() {
        return training.length;
    }

    /** Adds one code (bits 0 or 1; set as read by {@link BitThreshold}, as in the training statistics). */
    public synchronized void add(float[] bits) {
        if (bits.length != training.length) {
            throw new IllegalArgumentException("code has " + bits.length + " bits, training statistics " + training.length);
        }
        codes++;
        double weight = 1.0 / Math.min(codes, horizon);
        for (int k = 0; k < bits.length; k++) {
            live[k] += (BitThreshold.bit(bits[k]) - live[k]) * weight;
        }
    }

    /** Codes seen so far. */
    public synchronized long codes() {
        return codes;
    }

    /** The drift in [0, 1]; NaN before the first code. */
    public synchronized double drift() {
        if (codes == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k = 0; k < training.length; k++) {
            sum += Math.abs(live[k] - training[k]);
        }
        return sum / training.length;
    }
}
