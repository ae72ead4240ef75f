package io.dmzstream.model.pipeline;

import io.dmzstream.model.network.BitThreshold;
import java.util.SplittableRandom;

/**
 * A path of binary codes between two codes, for interpolation: the bits where the ends differ are
 * flipped from the first code's value to the second's a few at a time, in an order drawn from a
 * seed (the paper's discrete interpolation). Every point is a valid hard code, so every point
 * decodes like the code of a real image; decode all points with the same noise seed so that only
 * the code changes along the path.
 */
public final class LatentPath {
    private LatentPath() {
    }

    /**
     * @param from   point 0
     * @param to     the last point
     * @param points number of points, both ends included (at least 2)
     * @param seed   picks the order in which the differing bits flip
     * @return {@code points} codes; point i takes round(i * h / (points - 1)) of the h differing bits from {@code to}
     */
    public static float[][] between(float[] from, float[] to, int points, long seed) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("codes of different lengths: " + from.length + " and " + to.length);
        }
        if (points < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 points, got " + points);
        }
        int[] differing = new int[from.length];
        int h = 0;
        for (int k = 0; k < from.length; k++) {
            if (BitThreshold.isSet(from[k]) != BitThreshold.isSet(to[k])) {
                differing[h++] = k;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = h - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = differing[i];
            differing[i] = differing[j];
            differing[j] = t;
        }
        float[][] path = new float[points][];
        for (int p = 0; p < points; p++) {
            float[] code = new float[from.length];
            for (int k = 0; k < code.length; k++) {
                code[k] = BitThreshold.bit(from[k]);
            }
            int flips = (int) Math.round((double) p * h / (points - 1));
            for (int f = 0; f < flips; f++) {
                code[differing[f]] = BitThreshold.bit(to[differing[f]]);
            }
            path[p] = code;
        }
        return path;
    }
}
