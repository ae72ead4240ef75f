package io.dmzstream.model.evaluation;

import java.util.List;

/**
 * {@code manifest.json} of a cached reference classifier.
 *
 * @param dataset       dataset name (the cache folder)
 * @param inputsSha256  sha256 of network, steps, seed and training split: the cache key
 * @param architecture  the network, in words
 * @param steps         Adam steps trained
 * @param seed          seed of the initial weights and the batch order
 * @param trainImages   training images it saw batches of
 * @param image         image shape, e.g. {@code 28x28x1}
 * @param classes       class names
 * @param weights       each weight's name and shape, in the order of the weight file
 * @param weightsSha256 sha256 of the weight file (float32, big-endian, weights one after another)
 */
public record ReferenceManifest(String dataset, String inputsSha256, String architecture, int steps, long seed,
                                int trainImages, String image, List<String> classes, List<Weight> weights,
                                String weightsSha256) {
    /** One weight of the weight file. */
    public record Weight(String name, long[] shape) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }
}
