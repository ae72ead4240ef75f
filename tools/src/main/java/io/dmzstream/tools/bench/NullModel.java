package io.dmzstream.tools.bench;

import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import java.util.Arrays;

/**
 * A model that answers at once with outputs computed once by the real model it stands for (same
 * shape, code size and labels), so the topology around it does all its usual work: path (c) of
 * the benchmark, the service's own ceiling.
 */
final class NullModel implements DmzModel {
    private final ModelInfo info;
    private final float[] bits;
    private final float[] probabilities;
    private final float[] classes;
    private final float[] epsilon;

    /** Asks {@code real} once for a code, a label and a denoiser output of a mid-grey image. */
    static NullModel of(DmzModel real) {
        ModelInfo info = real.info();
        float[] grey = new float[info.pixels()];
        Codes codes = real.encode(new float[][]{grey});
        float[][] classes = info.labels().isEmpty() ? new float[][]{new float[0]}
                : real.classify(codes.probabilities());
        float[][] eps = real.denoise(new float[][]{grey}, new int[]{info.timesteps() / 2},
                new float[][]{codes.bits()[0]});
        return new NullModel(info, codes.bits()[0], codes.probabilities()[0], classes[0], eps[0]);
    }

    private NullModel(ModelInfo info, float[] bits, float[] probabilities, float[] classes, float[] epsilon) {
        this.info = info;
        this.bits = bits;
        this.probabilities = probabilities;
        this.classes = classes;
        this.epsilon = epsilon;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Every row is the same precomputed array: callers read rows, they do not write them. */
    @Override
    public Codes encode(float[][] images) {
        return new Codes(rows(bits, images.length), rows(probabilities, images.length));
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        return rows(classes, probabilities.length);
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        return rows(epsilon, x.length);
    }

    private static float[][] rows(float[] row, int n) {
        float[][] out = new float[n][];
        Arrays.fill(out, row);
        return out;
    }

    @Override
    public void close() {
        // the real model stays with its owner
    }
}
