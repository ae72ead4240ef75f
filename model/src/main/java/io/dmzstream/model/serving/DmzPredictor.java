package io.dmzstream.model.serving;

import io.dmzstream.model.sampler.Denoiser;

/**
 * One thread's session with a {@link DmzModel}, in the role of DJL's {@code Predictor}: the network
 * calls, run through engine resources made once when the predictor is opened (DJL predictors,
 * staging buffers) and reused by every call, so nothing is created per batch or per decode tick.
 *
 * <p>Not thread-safe: a thread (a device worker) opens one with {@link DmzModel#newPredictor()}
 * and closes it when it stops. Batches follow {@link DmzModel}'s conventions.
 */
public interface DmzPredictor extends Denoiser, AutoCloseable {

    /** As {@link DmzModel#encode}. */
    Codes encode(float[][] images);

    /** As {@link DmzModel#classify}. */
    float[][] classify(float[][] probabilities);

    /** As {@link DmzModel#denoise}. */
    @Override
    float[][] denoise(float[][] x, int[] timesteps, float[][] codes);

    @Override
    void close();
}
