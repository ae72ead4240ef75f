package io.dmzstream.topology.engine;

import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.ModelInfo;

/**
 * What the engine produced for one request. Fields for products that were not requested are null.
 *
 * @param model              the source-domain model that encoded the image
 * @param bits               hard code bits (0 or 1)
 * @param probabilities      per-bit P(bit = 1)
 * @param classProbabilities label head output (null unless LABEL)
 * @param reconstruction     decode of the code with the same model (null unless RECONSTRUCTION)
 * @param transfer           bridge + decode with the target model (null unless TRANSFER)
 */
public record InferenceResult(ModelInfo model, float[] bits, float[] probabilities, float[] classProbabilities,
                              Decoded reconstruction, Transfer transfer) {

    /** A finished decode trajectory; {@code image} is H*W*C in [-1, 1]. */
    public record Decoded(ModelInfo model, float[] image, int steps, long seed, SamplerKind sampler) {
    }

    /** A domain transfer: the bridge used and the target model's decode. */
    public record Transfer(String bridge, Decoded decoded) {
    }
}
