package io.dmzstream.topology.engine;

/**
 * What a request asks the engine to produce; the first four mirror the ImageEvent's output kinds
 * without depending on Avro, SAMPLE is a latent command's image.
 */
public enum Product {
    /** The binary code and its per-bit probabilities (encode lane). */
    LATENT,
    /** The label head's prediction from the code probabilities (encode lane). */
    LABEL,
    /** A K-step decode of the code with the same domain's model (decode lane). */
    RECONSTRUCTION,
    /** Bridge the code to the target domain, then decode with the target model (transfer + decode lanes). */
    TRANSFER,
    /**
     * A K-step decode of a code the request brings (a latent command's sample): decode lane only,
     * nothing to encode. Always alone in a request.
     */
    SAMPLE
}
