package io.dmzstream.model.sampler;

import java.util.SplittableRandom;

/**
 * One image being denoised: its current x, the code z it is conditioned on, and where it is in its
 * schedule of denoiser calls.
 *
 * <p>A trajectory has up to two phases over the same K respaced timesteps: an optional DDIM
 * inversion (K calls, from a clean image up to x_T, noise level rising) and a decode (K calls, from
 * x_T down to an image). A semantic reconstruction or a sample is a decode from seeded noise; an
 * exact reconstruction is an inversion followed by a deterministic decode. Either way the caller
 * only asks {@link #timestep()}, feeds the denoiser's answer to {@link Sampler#step}, and stops at
 * {@link #done()}.
 *
 * <p>Trajectories at different steps (and with different K or phases) can share one denoiser batch
 * because the timestep is a per-sample input; that is what step-level continuous batching relies
 * on. Mutable and owned by one worker thread at a time; not thread-safe.
 */
public final class Trajectory {
    private final float[] code;
    private final int[] timesteps;
    private final SplittableRandom noise;
    private final int inversionSteps;
    private final int decodeSteps;
    private final boolean deterministic;
    private float[] x;
    private int stepIndex;

    /** A decode from x_T ~ N(0, I) drawn from {@code seed}. */
    Trajectory(float[] code, int[] timesteps, long seed, int pixels) {
        this.code = code.clone();
        this.timesteps = timesteps;
        this.noise = new SplittableRandom(seed);
        this.inversionSteps = 0;
        this.decodeSteps = timesteps.length;
        this.deterministic = false;
        this.x = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            x[i] = (float) noise.nextGaussian();
        }
    }

    /** A DDIM inversion of {@code image}, followed by a DDIM decode when {@code decode} is set. */
    Trajectory(float[] code, int[] timesteps, float[] image, boolean decode) {
        this.code = code.clone();
        this.timesteps = timesteps;
        this.noise = null;
        this.inversionSteps = timesteps.length;
        this.decodeSteps = decode ? timesteps.length : 0;
        this.deterministic = true;
        this.x = image.clone();
    }

    /** The current image: noisy while running; in model units ([-1, 1]) once a decode finished; x_T once an inversion-only trajectory finished. Do not modify. */
    public float[] x() {
        return x;
    }

    public float[] code() {
        return code;
    }

    /** The training timestep the next denoiser call must be evaluated at. */
    public int timestep() {
        int i = stepIndex;
        // inversion climbs the decode's timesteps in reverse; each call is evaluated at the level it steps to
        return i < inversionSteps ? timesteps[timesteps.length - 1 - i] : timesteps[i - inversionSteps];
    }

    /** Number of respaced sampling steps K (the decode's length; an inversion has as many). */
    public int steps() {
        return timesteps.length;
    }

    /** Denoiser calls this trajectory takes in all: K, or 2K for an exact reconstruction. */
    public int calls() {
        return inversionSteps + decodeSteps;
    }

    /** Denoiser calls already taken. */
    public int stepsTaken() {
        return stepIndex;
    }

    /** True while the next call is an inversion step. */
    public boolean inverting() {
        return stepIndex < inversionSteps;
    }

    /** True when every step is deterministic (DDIM), whatever the sampler's kind: exact reconstructions. */
    public boolean deterministic() {
        return deterministic;
    }

    public boolean done() {
        return stepIndex >= calls();
    }

    int[] schedule() {
        return timesteps;
    }

    int inversionSteps() {
        return inversionSteps;
    }

    SplittableRandom noise() {
        return noise;
    }

    void advance(float[] next) {
        this.x = next;
        stepIndex++;
    }
}
