package io.dmzstream.model.serving;

import java.util.List;

/**
 * A learned distribution over one model's codes: draws codes that look like the codes of real
 * images (uniform random codes do not: the bits are correlated and unevenly used), and scores codes
 * by their negative log-likelihood. Optionally conditioned on the class. Thread-safe.
 *
 * <p>Sampling is seeded per row: row i's randomness comes only from {@code seeds[i]}, so the same
 * seed and class give the same code in any batch.
 */
public interface CodePrior extends AutoCloseable {
    /** Class argument meaning "no class": the class is drawn from the training-set class frequencies. */
    int ANY_CLASS = -1;

    /** {@code name:version} of the prior. */
    String name();

    /** Id ({@code name:version}) of the model whose codes it models. */
    String model();

    /** Code size d. */
    int bits();

    /** Whether a class can be asked for. */
    boolean conditional();

    /** Class names of a conditional prior (index = class id); empty when unconditional. */
    List<String> classes();

    /**
     * Draws one code per row.
     *
     * @param classes class id per row, or {@link #ANY_CLASS}; an unconditional prior takes only {@link #ANY_CLASS}
     * @param seeds   one seed per row
     * @return codes of d values in {0, 1}
     */
    float[][] sample(int[] classes, long[] seeds);

    /**
     * -log2 p(code | class) per row; with {@link #ANY_CLASS}, -log2 of the marginal
     * sum_y p(y) p(code | y). The uniform distribution scores d bits for every code.
     */
    double[] nllBits(float[][] codes, int[] classes);

    @Override
    void close();
}
