package io.dmzstream.model.serving;

import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.SamplerKind;

/**
 * A loaded DMZ model: the network calls a serving engine batches. Images are row-major H*W*C
 * float arrays scaled to [-1, 1]; codes are d floats (bits 0/1 or probabilities).
 *
 * <p>Implementations are safe for concurrent callers. Every method takes a batch so that callers
 * can merge requests; batch rows are independent of each other. A thread that calls the model
 * often (a device worker) opens its own {@link #newPredictor() predictor} once and calls that:
 * the model's own methods serve occasional callers (tools, tests) through one shared predictor.
 */
public interface DmzModel extends io.dmzstream.model.sampler.Denoiser, AutoCloseable {

    ModelInfo info();

    /** Encodes images into hard bits and per-bit probabilities (deterministic: no Gumbel noise at inference). */
    Codes encode(float[][] images);

    /**
     * Class probabilities from per-bit probabilities (the label head).
     *
     * @throws UnsupportedOperationException when the model has no label head (see {@link #hasLabelHead()})
     */
    float[][] classify(float[][] probabilities);

    /**
     * Whether {@link #classify} works: false for models trained on an unlabelled image folder, whose
     * LABEL requests a service should refuse (dead-letter as {@code no_label_head}) rather than fail.
     */
    default boolean hasLabelHead() {
        return !info().labels().isEmpty();
    }

    /**
     * One denoiser forward: the noise epsilon predicted in each x at its own timestep, given its code.
     * Timesteps are per sample, so trajectories at different steps share one call.
     */
    @Override
    float[][] denoise(float[][] x, int[] timesteps, float[][] codes);

    /**
     * Opens a predictor for one thread, as DJL's {@code Model.newPredictor()} does: the caller owns
     * it and closes it when done. The default calls this model's own methods, which suits
     * stand-ins that hold no engine resources.
     */
    default DmzPredictor newPredictor() {
        return new ModelCalls(this);
    }

    /** A sampler over this model's schedule. */
    default Sampler sampler(SamplerKind kind) {
        return new Sampler(info().noiseSchedule(), kind, info().pixels());
    }

    @Override
    void close();
}
