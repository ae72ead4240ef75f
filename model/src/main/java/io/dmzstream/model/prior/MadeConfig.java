package io.dmzstream.model.prior;

/**
 * Shape of a MADE (masked autoencoder for distribution estimation, Germain et al. 2015) over d
 * binary code bits, with its connectivity masks.
 *
 * <p>Bit k (0-based) has degree k + 1; hidden unit h has degree {@code h mod (d - 1) + 1}, spread
 * evenly rather than drawn at random so a configuration fixes the network. A connection from a unit
 * of degree a to a hidden unit of degree b exists when b >= a; the output for bit k sees hidden
 * units of degree <= k and, through the direct input-to-output connections, bits 0..k-1. So the
 * logit of bit k depends only on the bits before it, which is what makes the network a product of
 * conditionals p(z_k | z_<k, class).
 *
 * @param bits         code size d
 * @param hidden       units per hidden layer
 * @param hiddenLayers 1 or 2
 * @param classes      size of the one-hot class input; 1 for an unconditional prior
 */
public record MadeConfig(int bits, int hidden, int hiddenLayers, int classes) {
    public MadeConfig {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be positive, got " + bits);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden units must be positive, got " + hidden);
        }
        if (hiddenLayers < 1 || hiddenLayers > 2) {
            throw new IllegalArgumentException("hidden layers must be 1 or 2, got " + hiddenLayers);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1 (1 = unconditional), got " + classes);
        }
    }

    public boolean conditional() {
        return classes > 1;
    }

    /** Degree of hidden unit h, in [1, max(1, d - 1)]. */
    int hiddenDegree(int h) {
        return h % Math.max(1, bits - 1) + 1;
    }

    /** Input (bits) to first hidden layer, [d, hidden], row-major. */
    float[] inputMask() {
        float[] m = new float[bits * hidden];
        for (int k = 0; k < bits; k++) {
            for (int h = 0; h < hidden; h++) {
                m[k * hidden + h] = hiddenDegree(h) >= k + 1 ? 1f : 0f;
            }
        }
        return m;
    }

    /** Hidden layer to hidden layer, [hidden, hidden]. */
    float[] hiddenMask() {
        float[] m = new float[hidden * hidden];
        for (int a = 0; a < hidden; a++) {
            for (int b = 0; b < hidden; b++) {
                m[a * hidden + b] = hiddenDegree(b) >= hiddenDegree(a) ? 1f : 0f;
            }
        }
        return m;
    }

    /** Last hidden layer to output logits, [hidden, d]. */
    float[] outputMask() {
        float[] m = new float[hidden * bits];
        for (int h = 0; h < hidden; h++) {
            for (int k = 0; k < bits; k++) {
                m[h * bits + k] = k + 1 > hiddenDegree(h) ? 1f : 0f;
            }
        }
        return m;
    }

    /** Direct bits-to-logits connections, [d, d]: strictly lower triangular (bit j feeds logit k when j < k). */
    float[] directMask() {
        float[] m = new float[bits * bits];
        for (int j = 0; j < bits; j++) {
            for (int k = j + 1; k < bits; k++) {
                m[j * bits + k] = 1f;
            }
        }
        return m;
    }

    /** Weights of the network (for the manifest). */
    public long parameterCount() {
        long p = (long) bits * hidden + hidden;                     // input -> hidden
        p += (long) (hiddenLayers - 1) * ((long) hidden * hidden + hidden);
        p += (long) hidden * bits + bits;                           // hidden -> logits
        p += (long) bits * bits;                                    // direct
        p += (long) classes * hidden + (long) classes * bits;       // class -> hidden, class -> logits
        return p;
    }
}
