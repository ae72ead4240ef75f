package io.dmzstream.topology.output;

import io.dmzstream.topology.engine.Product;

/**
 * What the topology reports as records leave it, for metrics; it knows nothing of how they are
 * recorded. Called on stream threads (and from the exception handlers, the production one on the
 * producer's I/O thread): implementations must be thread-safe and quick.
 */
public interface OutputListener {
    /** A listener that ignores everything. */
    OutputListener NONE = new OutputListener() {
    };

    /**
     * One output was forwarded to its topic (it becomes visible with the task's next commit).
     *
     * @param inputTimestampMs the input record's timestamp, for end-to-end latency
     */
    default void forwarded(Product kind, long inputTimestampMs) {
    }

    /** One input was sent to the dead-letter topic. */
    default void deadLettered(String stage, String reason) {
    }
}
