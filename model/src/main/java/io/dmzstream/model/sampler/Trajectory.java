package io.dmzstream.model.sampler;

import java.util.SplittableRandom;

/**
 * One image being denoised: its current x, the code z it is conditioned on, and where it is in its
 * K-step schedule.
 *
 * <p>Trajectories at different steps (and with different K) can share one denoiser batch because
 * the timestep is a per-sample input; that is what step-level continuous batching relies on.
 * Mutable and owned by one worker thread at a time; not thread-safe.
 */
public final class Trajectory {
    private final float[] code;
    private final int[] timesteps;
    private final SplittableRandom noise;
    private float[] x;
    private int stepIndex;

    Trajectory(float[] code, int[] timesteps, long seed, int pixels) {
        this.code = code.clone();
        this.timesteps = timesteps;
        this.noise = new SplittableRandom(seed);
        this.x = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            x[i] = (float) noise.nextGaussian();
        }
    }

    /** The current noisy image, in model units ([-1, 1] once finished). Do not modify. */
    public float[] x() {
        return x;
    }

    public float[] code() {
        return code;
    }

    /** The training timestep the next denoiser call must be evaluated at. */
    public int timestep() {
        return timesteps[stepIndex];
    }

    /** Total number of denoising steps K. */
    public int steps() {
        return timesteps.length;
    }

    /** Steps already taken. */
    public int stepsTaken() {
        return stepIndex;
    }

    public boolean done() {
        return stepIndex >= timesteps.length;
    }

    int[] schedule() {
        return timesteps;
    }

    SplittableRandom noise() {
        return noise;
    }

    void advance(float[] next) {
        this.x = next;
        stepIndex++;
    }
}
