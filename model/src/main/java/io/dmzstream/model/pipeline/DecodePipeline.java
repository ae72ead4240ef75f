package io.dmzstream.model.pipeline;

import io.dmzstream.model.sampler.DecodeTick;
import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.sampler.ReconstructionMode;
import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes codes into images: a denoiser composed with a sampler (statically batched: every
 * trajectory of the call runs its steps together, one {@link DecodeTick} per step). Serving
 * engines that mix requests run the same tick over their active trajectories. Give it a
 * {@link io.dmzstream.model.serving.DmzPredictor} as the denoiser when one thread decodes a lot.
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

    /** Ticks the batch until every trajectory is done: one denoiser call per step for the whole batch. */
    private float[][] run(Trajectory[] trajectories) {
        DecodeTick tick = new DecodeTick(sampler, denoiser);
        List<Trajectory> running = new ArrayList<>(List.of(trajectories));
        while (!running.isEmpty()) {
            tick.run(running);
            running.removeIf(Trajectory::done);
        }
        float[][] out = new float[trajectories.length][];
        for (int i = 0; i < out.length; i++) {
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
