package io.dmzstream.model.evaluation;

import io.dmzstream.model.network.BitThreshold;
/**
 * How many bits a test code costs under the code prior, next to the two simple references: d bits
 * under uniform codes, and the bits under independent per-bit Bernoullis with the training codes'
 * bit means. uniform - independent is what uneven bit use costs; independent - prior is what the
 * correlation between bits costs; both are what uniform sampling ignores.
 *
 * @param prior             prior id (name:version)
 * @param uniformBits       d
 * @param nllBits           mean -log2 p(code) over the test codes (the class marginalised out)
 * @param nllBitsGivenClass mean -log2 p(code | its class); NaN for an unconditional prior
 * @param independentBits   mean -log2 of the test codes under independent bits with the training means
 */
public record PriorNll(String prior, int uniformBits, double nllBits, double nllBitsGivenClass, double independentBits) {

    /** Mean NLL in bits of {@code test} under independent bits fitted to {@code train} (add-one smoothed, so no bit costs infinity). */
    static double independentBits(float[][] train, float[][] test) {
        int d = train[0].length;
        double[] p = new double[d];
        for (float[] code : train) {
            for (int k = 0; k < d; k++) {
                p[k] += BitThreshold.isSet(code[k]) ? 1 : 0;
            }
        }
        for (int k = 0; k < d; k++) {
            p[k] = (p[k] + 1) / (train.length + 2);
        }
        double total = 0;
        for (float[] code : test) {
            for (int k = 0; k < d; k++) {
                total -= Math.log(BitThreshold.isSet(code[k]) ? p[k] : 1 - p[k]) / Math.log(2);
            }
        }
        return total / test.length;
    }
}
