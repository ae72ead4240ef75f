package io.dmzstream.model.export;

import io.dmzstream.model.network.BitThreshold;
import java.util.HashSet;
import java.util.Set;

/**
 * How a set of codes uses its bits: the mean of each bit, bits that never flip, the number of
 * distinct codes and the mean per-bit entropy. Stored in the manifest as the training reference that
 * serving compares live codes against (drift).
 */
public record CodeStatistics(int images, double[] bitMeans, int constantBits, int distinctCodes, double meanBitEntropy) {

    public static CodeStatistics of(float[][] probabilities) {
        int n = probabilities.length;
        int d = probabilities[0].length;
        double[] means = new double[d];
        Set<String> codes = new HashSet<>();
        for (float[] p : probabilities) {
            StringBuilder key = new StringBuilder(d);
            for (int k = 0; k < d; k++) {
                boolean bit = BitThreshold.isSet(p[k]);
                means[k] += bit ? 1 : 0;
                key.append(bit ? '1' : '0');
            }
            codes.add(key.toString());
        }
        int constant = 0;
        double entropy = 0;
        for (int k = 0; k < d; k++) {
            means[k] /= n;
            if (means[k] == 0.0 || means[k] == 1.0) {
                constant++;
            } else {
                entropy += -(means[k] * log2(means[k]) + (1 - means[k]) * log2(1 - means[k]));
            }
        }
        return new CodeStatistics(n, means, constant, codes.size(), entropy / d);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
