package io.dmzstream.model.export;

/**
 * Trained weights of the label head on per-bit probabilities: softmax regression when
 * {@code hidden} is 0, else one hidden ReLU layer. Matrices are row-major [in, out].
 */
public record LabelHead(int inputs, int hidden, int classes, float[] w1, float[] b1, float[] w2, float[] b2) {
    public boolean linear() {
        return hidden == 0;
    }

    public String describe() {
        return linear() ? "softmax regression on " + inputs + " bit probabilities"
                : "MLP " + inputs + "-" + hidden + "-" + classes + " (ReLU) on bit probabilities";
    }
}
