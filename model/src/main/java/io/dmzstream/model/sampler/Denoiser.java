package io.dmzstream.model.sampler;

/** Anything that predicts the noise in a batch of x at per-sample timesteps given codes. */
@FunctionalInterface
public interface Denoiser {
    float[][] denoise(float[][] x, int[] timesteps, float[][] codes);
}
