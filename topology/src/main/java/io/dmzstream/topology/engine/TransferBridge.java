package io.dmzstream.topology.engine;

/**
 * Maps source-domain code probabilities to target-domain bit probabilities (the paper's
 * image-to-image recipe). The engine's own view of the model module's {@code CodeBridge}, so the
 * engine can be tested with stand-ins.
 */
public interface TransferBridge extends AutoCloseable {
    /** A stable name stamped on transfer outputs, e.g. {@code edges->fashion:1.0.0}. */
    String name();

    /** Row i: target bit probabilities P(bit = 1) for source row i. */
    float[][] translate(float[][] sourceProbabilities);

    /** Releases the bridge's resources; stand-ins hold none. */
    @Override
    default void close() {
    }
}
