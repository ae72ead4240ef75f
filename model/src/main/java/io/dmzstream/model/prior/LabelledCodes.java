package io.dmzstream.model.prior;

/**
 * Hard codes and the class of the image each came from: what a prior is fitted to.
 *
 * @param bits    one row of d values in {0, 1} per image
 * @param classes class index per image (0 for every row when the prior is unconditional)
 */
public record LabelledCodes(float[][] bits, int[] classes) {
    public LabelledCodes {
        if (bits.length != classes.length) {
            throw new IllegalArgumentException(bits.length + " codes but " + classes.length + " classes");
        }
    }

    public int size() {
        return bits.length;
    }

    public int bitsPerCode() {
        return bits.length == 0 ? 0 : bits[0].length;
    }

    /** Rows [from, to). */
    public LabelledCodes slice(int from, int to) {
        return new LabelledCodes(java.util.Arrays.copyOfRange(bits, from, to), java.util.Arrays.copyOfRange(classes, from, to));
    }

    /** The same codes with every class set to 0: the data of an unconditional prior. */
    public LabelledCodes withoutClasses() {
        return new LabelledCodes(bits, new int[classes.length]);
    }

    /** Fraction of rows per class, over {@code count} classes. */
    public double[] classFrequencies(int count) {
        double[] f = new double[count];
        for (int c : classes) {
            f[c] += 1.0 / classes.length;
        }
        return f;
    }

    /** Batch rows [from, from + n) of the given order as flat [n, d] bits and [n, C] one-hot classes. */
    Batch batch(int[] order, int from, int n, int classCount) {
        int d = bitsPerCode();
        float[] b = new float[n * d];
        float[] c = new float[n * classCount];
        for (int i = 0; i < n; i++) {
            int row = order == null ? from + i : order[from + i];
            System.arraycopy(bits[row], 0, b, i * d, d);
            c[i * classCount + classes[row]] = 1f;
        }
        return new Batch(b, c, n);
    }

    /** A batch in the flat layout the graph is fed. */
    record Batch(float[] bits, float[] classes, int size) {
    }
}
