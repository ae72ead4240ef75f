package io.dmzstream.model.serving;

/**
 * Maps codes of one domain's model to codes of another's (the domain-transfer bridge). Thread-safe.
 */
public interface CodeBridge extends AutoCloseable {
    /** Bridge name, stamped on transfer outputs. */
    String name();

    String sourceDomain();

    String targetDomain();

    /** Source code probabilities [B, d_source] -> target bit probabilities [B, d_target]. */
    float[][] translate(float[][] sourceProbabilities);

    @Override
    void close();
}
