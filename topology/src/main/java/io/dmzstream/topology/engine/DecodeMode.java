package io.dmzstream.topology.engine;

/** How the decode lane batches denoising trajectories. */
public enum DecodeMode {
    /**
     * Step-level continuous batching: up to B trajectories are active; every tick runs one denoiser
     * forward over all of them at their own timesteps, retires finished ones and admits queued ones.
     */
    CONTINUOUS,
    /** A batch is admitted only when the previous one has fully finished (the benchmark's baseline). */
    STATIC
}
