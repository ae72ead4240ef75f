package io.dmzstream.model.sampler;

import java.util.List;

/**
 * One step of a batch of trajectories: ONE denoiser call over all of them, each at its own
 * timestep with its own code, then each trajectory's sampler step. Trajectories at different
 * steps, with different K or in different phases share the call, since t is a per-sample input.
 *
 * <p>The one body of every decode loop: a statically batched decode runs it until its batch is
 * done, a serving engine's continuous batching runs it once per tick over whatever is active.
 * When the denoiser throws, no trajectory has moved, so the caller may run the same rows again.
 */
public record DecodeTick(Sampler sampler, Denoiser denoiser) {

    public void run(List<Trajectory> batch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        float[][] x = new float[n][];
        int[] t = new int[n];
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) {
            Trajectory tr = batch.get(i);
            x[i] = tr.x();
            t[i] = tr.timestep();
            z[i] = tr.code();
        }
        float[][] eps = denoiser.denoise(x, t, z);
        if (eps.length != n) {
            throw new IllegalStateException("denoiser answered " + eps.length + " rows for a batch of " + n);
        }
        for (int i = 0; i < n; i++) {
            sampler.step(batch.get(i), eps[i]);
        }
    }
}
