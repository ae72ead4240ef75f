package io.dmzstream.model.pipeline;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;

/**
 * Encodes any number of images with a model, in batches of a fixed size: the code, its per-bit
 * probabilities and (when the model has a label head) the class scores.
 */
public final class EncodePipeline {
    private final DmzModel model;
    private final int batch;

    public EncodePipeline(DmzModel model, int batch) {
        this.model = model;
        this.batch = batch;
    }

    public Codes encode(float[][] images) {
        float[][] bits = new float[images.length][];
        float[][] probs = new float[images.length][];
        for (int s = 0; s < images.length; s += batch) {
            int e = Math.min(images.length, s + batch);
            Codes c = model.encode(java.util.Arrays.copyOfRange(images, s, e));
            System.arraycopy(c.bits(), 0, bits, s, e - s);
            System.arraycopy(c.probabilities(), 0, probs, s, e - s);
        }
        return new Codes(bits, probs);
    }

    /** Every image of a dataset (split), in order. */
    public Codes encode(Dataset data) {
        float[][] images = new float[data.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = data.image(i);
        }
        return encode(images);
    }

    /** Class scores from code probabilities, in batches. */
    public float[][] classify(float[][] probabilities) {
        float[][] out = new float[probabilities.length][];
        for (int s = 0; s < probabilities.length; s += batch) {
            int e = Math.min(probabilities.length, s + batch);
            System.arraycopy(model.classify(java.util.Arrays.copyOfRange(probabilities, s, e)), 0, out, s, e - s);
        }
        return out;
    }

    /** Index of the largest score. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }
}
