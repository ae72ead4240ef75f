package io.dmzstream.model.pipeline;

import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.Trajectory;

/**
 * Decodes codes into images: a denoiser composed with a sampler (statically batched: every
 * trajectory of the call runs its K steps together). Serving engines that mix requests use
 * {@link Sampler} and {@link Trajectory} directly for step-level batching.
 */
public final class DecodePipeline {
    private final Denoiser denoiser;
    private final Sampler sampler;

    public DecodePipeline(Denoiser denoiser, Sampler sampler) {
        this.denoiser = denoiser;
        this.sampler = sampler;
    }

    /**
     * @param codes one code per image
     * @param steps K denoising steps
     * @param seeds one seed per image; the same seed and code give the same image
     * @return images in [-1, 1], row-major
     */
    public float[][] decode(float[][] codes, int steps, long[] seeds) {
        if (codes.length != seeds.length) {
            throw new IllegalArgumentException(codes.length + " codes but " + seeds.length + " seeds");
        }
        Trajectory[] trajectories = new Trajectory[codes.length];
        for (int i = 0; i < codes.length; i++) {
            trajectories[i] = sampler.start(codes[i], steps, seeds[i]);
        }
        float[][] x = new float[codes.length][];
        int[] t = new int[codes.length];
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < trajectories.length; i++) {
                x[i] = trajectories[i].x();
                t[i] = trajectories[i].timestep();
            }
            float[][] eps = denoiser.denoise(x, t, codes);
            for (int i = 0; i < trajectories.length; i++) {
                sampler.step(trajectories[i], eps[i]);
            }
        }
        float[][] out = new float[codes.length][];
        for (int i = 0; i < trajectories.length; i++) {
            out[i] = trajectories[i].x();
        }
        return out;
    }
}
