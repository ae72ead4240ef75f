package io.dmzstream.model.sampler;

import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.schedule.TimestepSpacing;

/**
 * Turns a denoiser's epsilon prediction into the next point of a trajectory.
 *
 * <p>Kept apart from the network (as diffusers keeps schedulers apart from models): the network
 * only answers "what noise is in x at timestep t given z"; the sampler owns the schedule, the
 * respacing and the per-trajectory random numbers, so a replay with the same seed is identical.
 * Stateless and thread-safe; all state lives in {@link Trajectory}.
 *
 * <p>Besides decoding from noise, it runs DDIM inversion: the deterministic DDIM update taken
 * upwards in noise, x_0 -> x_T given z, over the same K respaced timesteps. Decoding that x_T with
 * DDIM gives back (approximately) the input image itself, not just its content: the exact
 * reconstruction, against the semantic one that decodes the code from fresh noise.
 */
public final class Sampler {
    private final NoiseSchedule schedule;
    private final SamplerKind kind;
    private final int pixels;

    public Sampler(NoiseSchedule schedule, SamplerKind kind, int pixels) {
        this.schedule = schedule;
        this.kind = kind;
        this.pixels = pixels;
    }

    public SamplerKind kind() {
        return kind;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** Starts a K-step decode from x_T ~ N(0, I) drawn from {@code seed}, conditioned on code z. */
    public Trajectory start(float[] code, int steps, long seed) {
        return new Trajectory(code, TimestepSpacing.trailing(schedule.timesteps(), steps), seed, pixels);
    }

    /**
     * Starts an exact reconstruction of {@code image} (model units) from its code: K DDIM inversion
     * steps to x_T, then K DDIM decode steps back, 2K denoiser calls. Deterministic whatever this
     * sampler's kind (only a deterministic sampler can be inverted), so it takes no seed.
     */
    public Trajectory startExact(float[] image, float[] code, int steps) {
        return new Trajectory(code, TimestepSpacing.trailing(schedule.timesteps(), steps), requirePixels(image), true);
    }

    /** Starts a K-step DDIM inversion of {@code image}; once done, {@link Trajectory#x()} is its x_T. */
    public Trajectory startInversion(float[] image, float[] code, int steps) {
        return new Trajectory(code, TimestepSpacing.trailing(schedule.timesteps(), steps), requirePixels(image), false);
    }

    /** Starts a reconstruction in the given mode; {@code seed} draws the noise of a semantic one. */
    public Trajectory startReconstruction(ReconstructionMode mode, float[] image, float[] code, int steps, long seed) {
        return mode == ReconstructionMode.EXACT ? startExact(image, code, steps) : start(code, steps, seed);
    }

    /** Applies one step given the denoiser's epsilon for the trajectory's current x and timestep. */
    public void step(Trajectory trajectory, float[] epsilon) {
        if (trajectory.done()) {
            throw new IllegalStateException("trajectory already finished");
        }
        int[] ts = trajectory.schedule();
        int k = ts.length;
        int call = trajectory.stepsTaken();
        if (trajectory.inverting()) {
            // from the level of x (clean before the first call) up to the level the denoiser was evaluated at
            double abFrom = call == 0 ? 1.0 : schedule.alphaBar(ts[k - call]);
            double abTo = schedule.alphaBar(ts[k - 1 - call]);
            trajectory.advance(ddim(trajectory.x(), epsilon, abFrom, abTo, false));
            return;
        }
        int i = call - trajectory.inversionSteps();
        int t = ts[i];
        boolean last = i + 1 == k;
        double abT = schedule.alphaBar(t);
        double abPrev = last ? 1.0 : schedule.alphaBar(ts[i + 1]);
        if (kind == SamplerKind.DDIM || trajectory.deterministic()) {
            trajectory.advance(ddim(trajectory.x(), epsilon, abT, abPrev, true));
            return;
        }
        float[] x = trajectory.x();
        float[] next = new float[x.length];
        double sqrtAb = Math.sqrt(abT);
        double sqrtOneMinusAb = Math.sqrt(1.0 - abT);
        // respaced step: alpha = abT / abPrev; posterior q(x_prev | x_t, x0) with the "fixed small" variance
        double alpha = abT / abPrev;
        double beta = 1.0 - alpha;
        double coefX0 = Math.sqrt(abPrev) * beta / (1.0 - abT);
        double coefXt = Math.sqrt(alpha) * (1.0 - abPrev) / (1.0 - abT);
        double sigma = last ? 0.0 : Math.sqrt(beta * (1.0 - abPrev) / (1.0 - abT));
        for (int p = 0; p < x.length; p++) {
            double x0 = clip((x[p] - sqrtOneMinusAb * epsilon[p]) / sqrtAb);
            double mean = coefX0 * x0 + coefXt * x[p];
            next[p] = (float) (sigma == 0.0 ? mean : mean + sigma * trajectory.noise().nextGaussian());
        }
        trajectory.advance(next);
    }

    /**
     * The DDIM (eta = 0) move of x from noise level abFrom to abTo: estimate x_0 and the noise, and
     * recombine them at the new level. The same formula serves both directions. Decoding clips the
     * x_0 estimate to the image range; inversion must not, or it would no longer mirror the decode.
     */
    private static float[] ddim(float[] x, float[] epsilon, double abFrom, double abTo, boolean clip) {
        double sqrtFrom = Math.sqrt(abFrom);
        double sqrtOneMinusFrom = Math.sqrt(1.0 - abFrom);
        double sqrtTo = Math.sqrt(abTo);
        double sqrtOneMinusTo = Math.sqrt(1.0 - abTo);
        float[] next = new float[x.length];
        for (int p = 0; p < x.length; p++) {
            double x0 = (x[p] - sqrtOneMinusFrom * epsilon[p]) / sqrtFrom;
            if (clip) {
                x0 = clip(x0);
            }
            // the noise consistent with x and the (clipped) x_0 estimate
            double eps = sqrtOneMinusFrom == 0.0 ? epsilon[p] : (x[p] - sqrtFrom * x0) / sqrtOneMinusFrom;
            next[p] = (float) (sqrtTo * x0 + sqrtOneMinusTo * eps);
        }
        return next;
    }

    private float[] requirePixels(float[] image) {
        if (image.length != pixels) {
            throw new IllegalArgumentException("image has " + image.length + " values, expected " + pixels);
        }
        return image;
    }

    private static double clip(double v) {
        return v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v);
    }
}
