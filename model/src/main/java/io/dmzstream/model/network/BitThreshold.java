package io.dmzstream.model.network;

/**
 * The one rule that turns the encoder's per-bit probability P(bit = 1) into a hard bit: set when
 * above one half. The exported inference graph, training statistics, the evaluation, the bridge and
 * the service all read bits through it, so a code means the same thing everywhere.
 */
public final class BitThreshold {
    /** Probabilities strictly above this are set bits. */
    public static final float THRESHOLD = 0.5f;

    private BitThreshold() {
    }

    public static boolean isSet(float probability) {
        return probability > THRESHOLD;
    }

    /** 1 or 0 per bit. */
    public static float bit(float probability) {
        return isSet(probability) ? 1f : 0f;
    }

    /** Hard bits of one code. */
    public static float[] bits(float[] probabilities) {
        float[] b = new float[probabilities.length];
        for (int k = 0; k < b.length; k++) {
            b[k] = bit(probabilities[k]);
        }
        return b;
    }

    /** Hard bits of a batch of codes, row by row. */
    public static float[][] bits(float[][] probabilities) {
        float[][] out = new float[probabilities.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits(probabilities[i]);
        }
        return out;
    }
}
