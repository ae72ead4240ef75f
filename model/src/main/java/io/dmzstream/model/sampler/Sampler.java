package io.dmzstream.model.sampler;

import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.schedule.TimestepSpacing;

/**
 * Turns a denoiser's epsilon prediction into the next point of a reverse trajectory.
 *
 * <p>Kept apart from the network (as diffusers keeps schedulers apart from models): the network
 * only answers "what noise is in x at timestep t given z"; the sampler owns the schedule, the
 * respacing and the per-trajectory random numbers, so a replay with the same seed is identical.
 * Stateless and thread-safe; all state lives in {@link Trajectory}.
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

    /** Starts a K-step trajectory from x_T ~ N(0, I) drawn from {@code seed}, conditioned on code z. */
    public Trajectory start(float[] code, int steps, long seed) {
        return new Trajectory(code, TimestepSpacing.trailing(schedule.timesteps(), steps), seed, pixels);
    }

    /** Applies one reverse step given the denoiser's epsilon for the trajectory's current x and timestep. */
    public void step(Trajectory trajectory, float[] epsilon) {
        if (trajectory.done()) {
            throw new IllegalStateException("trajectory already finished");
        }
        int[] ts = trajectory.schedule();
        int i = trajectory.stepsTaken();
        int t = ts[i];
        boolean last = i + 1 == ts.length;
        double abT = schedule.alphaBar(t);
        double abPrev = last ? 1.0 : schedule.alphaBar(ts[i + 1]);
        float[] x = trajectory.x();
        float[] next = new float[x.length];

        double sqrtAb = Math.sqrt(abT);
        double sqrtOneMinusAb = Math.sqrt(1.0 - abT);
        if (kind == SamplerKind.DDIM) {
            double sqrtAbPrev = Math.sqrt(abPrev);
            double sqrtOneMinusAbPrev = Math.sqrt(1.0 - abPrev);
            for (int p = 0; p < x.length; p++) {
                double x0 = clip((x[p] - sqrtOneMinusAb * epsilon[p]) / sqrtAb);
                double eps = (x[p] - sqrtAb * x0) / sqrtOneMinusAb;
                next[p] = (float) (sqrtAbPrev * x0 + sqrtOneMinusAbPrev * eps);
            }
        } else {
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
        }
        trajectory.advance(next);
    }

    private static double clip(double v) {
        return v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v);
    }
}
