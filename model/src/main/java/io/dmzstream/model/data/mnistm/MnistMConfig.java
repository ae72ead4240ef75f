package io.dmzstream.model.data.mnistm;

import io.dmzstream.model.data.Dataset;

/**
 * Settings of an MNIST-M generation.
 *
 * @param seed       seed of the photo and crop choices; the same seed and inputs give the same bytes
 * @param trainCount how many MNIST training digits to blend (the first ones, at most 60,000)
 * @param testCount  how many MNIST test digits to blend (the first ones, at most 10,000)
 */
public record MnistMConfig(long seed, int trainCount, int testCount) {
    public static final long DEFAULT_SEED = 20150526L;
    public static final MnistMConfig FULL = new MnistMConfig(DEFAULT_SEED, 60_000, 10_000);

    public MnistMConfig {
        if (trainCount < 0 || testCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0: train " + trainCount + ", test " + testCount);
        }
    }

    public int count(Dataset.Split split) {
        return split == Dataset.Split.TRAIN ? trainCount : testCount;
    }
}
