package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.ModelInfo;

/**
 * What the engine reports as it works, for metrics and model-health tracking; the engine itself
 * knows nothing of how it is recorded. Called on device worker threads (and, for queue waits,
 * under the scheduler's lock): implementations must be thread-safe and quick. The engine guards
 * every call, so a failing listener costs a log line, never a batch.
 */
public interface EngineListener {
    /** A listener that ignores everything. */
    EngineListener NONE = new EngineListener() {
    };

    /**
     * One device call of a lane finished successfully.
     *
     * @param rows  rows in the call (images, trajectories or codes)
     * @param nanos wall time of the call, model work only
     */
    default void batchRan(Lane lane, int rows, long nanos) {
    }

    /** One item left a lane's queue for the device after waiting {@code nanos}. */
    default void queueWaited(Lane lane, long nanos) {
    }

    /**
     * A batch was encoded by {@code model}.
     *
     * @param bits               hard code bits per row
     * @param classProbabilities label-head output per row; a row is null when its request wants no label
     */
    default void encoded(ModelInfo model, float[][] bits, float[][] classProbabilities) {
    }

    /**
     * A device fault: the requests of the call run again once the device's circuit lets work through.
     *
     * @param kind {@code batch} (every row and a blank probe failed), {@code error} (the call threw an
     *             Error) or {@code timeout} (the watchdog gave up on a hung call)
     */
    default void deviceFault(Device device, String kind) {
    }
}
