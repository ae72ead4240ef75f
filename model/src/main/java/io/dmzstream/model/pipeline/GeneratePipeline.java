package io.dmzstream.model.pipeline;

import io.dmzstream.model.serving.CodePrior;

/**
 * Generation: codes drawn from a model's learned prior, decoded into images. Image i depends only
 * on (classes[i], seeds[i], K): its code comes from the prior with a seed derived from seeds[i],
 * its decode noise from seeds[i] itself (two separate streams, so the code and the noise are not
 * drawn from the same random numbers).
 */
public final class GeneratePipeline {
    private final CodePrior prior;
    private final DecodePipeline decoder;

    public GeneratePipeline(CodePrior prior, DecodePipeline decoder) {
        this.prior = prior;
        this.decoder = decoder;
    }

    /** Codes and the images decoded from them, row i for request i. */
    public record Samples(float[][] codes, float[][] images) {
    }

    /**
     * @param classes class per image, or {@link CodePrior#ANY_CLASS}
     * @param seeds   one seed per image
     * @param steps   K denoising steps
     */
    public Samples generate(int[] classes, long[] seeds, int steps) {
        long[] priorSeeds = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            priorSeeds[i] = priorSeed(seeds[i]);
        }
        float[][] codes = prior.sample(classes, priorSeeds);
        return new Samples(codes, decoder.decode(codes, steps, seeds));
    }

    /** The seed the prior draws image {@code seed}'s code with: a SplitMix64 finaliser of a distinct stream. */
    public static long priorSeed(long seed) {
        long z = seed ^ 0x5DEECE66DL;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
