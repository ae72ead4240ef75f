package io.dmzstream.model.pipeline;

import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.sampler.ReconstructionMode;
import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.Trajectory;

/**
 * Decodes codes into images: a denoiser composed with a sampler (statically batched: every
 * trajectory of the call runs its steps together). Serving engines that mix requests use
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
        requireRows(codes.length, seeds.length, "seeds");
        Trajectory[] trajectories = new Trajectory[codes.length];
        for (int i = 0; i < codes.length; i++) {
            trajectories[i] = sampler.start(codes[i], steps, seeds[i]);
        }
        return run(trajectories);
    }

    /**
     * Reconstructs images from their codes. {@link ReconstructionMode#SEMANTIC} decodes each code
     * from fresh noise drawn from its seed (K denoiser calls, this pipeline's sampler);
     * {@link ReconstructionMode#EXACT} DDIM-inverts each image to x_T given its code and decodes
     * that with DDIM (2K calls, seeds unused).
     *
     * @param images the images the codes were computed from, in [-1, 1]
     * @param codes  one code per image
     */
    public float[][] reconstruct(float[][] images, float[][] codes, int steps, long[] seeds, ReconstructionMode mode) {
        requireRows(codes.length, images.length, "images");
        requireRows(codes.length, seeds.length, "seeds");
        Trajectory[] trajectories = new Trajectory[codes.length];
        for (int i = 0; i < codes.length; i++) {
            trajectories[i] = sampler.startReconstruction(mode, images[i], codes[i], steps, seeds[i]);
        }
        return run(trajectories);
    }

    /** x_T of each image given its code: K DDIM inversion steps. */
    public float[][] invert(float[][] images, float[][] codes, int steps) {
        requireRows(codes.length, images.length, "images");
        Trajectory[] trajectories = new Trajectory[codes.length];
        for (int i = 0; i < codes.length; i++) {
            trajectories[i] = sampler.startInversion(images[i], codes[i], steps);
        }
        return run(trajectories);
    }

    /** Steps every trajectory until all are done, one denoiser call per step for the whole batch. */
    private float[][] run(Trajectory[] trajectories) {
        int n = trajectories.length;
        float[][] x = new float[n][];
        int[] t = new int[n];
        float[][] codes = new float[n][];
        for (int i = 0; i < n; i++) {
            codes[i] = trajectories[i].code();
        }
        int calls = n == 0 ? 0 : trajectories[0].calls();
        for (int k = 0; k < calls; k++) {
            for (int i = 0; i < n; i++) {
                x[i] = trajectories[i].x();
                t[i] = trajectories[i].timestep();
            }
            float[][] eps = denoiser.denoise(x, t, codes);
            for (int i = 0; i < n; i++) {
                sampler.step(trajectories[i], eps[i]);
            }
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = trajectories[i].x();
        }
        return out;
    }

    private static void requireRows(int codes, int other, String what) {
        if (codes != other) {
            throw new IllegalArgumentException(codes + " codes but " + other + " " + what);
        }
    }
}
