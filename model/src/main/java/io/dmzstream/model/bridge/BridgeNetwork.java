package io.dmzstream.model.bridge;

import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.ParamStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The code bridge of the paper's image-to-image recipe: maps a source-domain code to target-domain
 * bit logits with 4 x [dense 256, batch norm, ReLU] -> dense(d_target).
 *
 * <p>Batch norm normalises with the batch statistics in training and with population statistics
 * of the training set (weights {@code .../moving_mean}, {@code .../moving_var}) at inference.
 */
final class BridgeNetwork {
    static final int WIDTH = 256;
    static final int DEPTH = 4;

    /** Batch statistics of one training forward, used to update the running averages. */
    record BatchStats(String name, Operand<TFloat32> mean, Operand<TFloat32> variance) {
    }

    private final Layers layers;
    private final Ops tf;
    private final ParamStore params;
    private final boolean training;
    private final List<BatchStats> stats = new ArrayList<>();

    BridgeNetwork(Ops tf, ParamStore params, boolean training) {
        this.tf = tf;
        this.params = params;
        this.layers = new Layers(tf, params);
        this.training = training;
    }

    Operand<TFloat32> logits(Operand<TFloat32> source, int sourceBits, int targetBits) {
        Operand<TFloat32> h = source;
        int in = sourceBits;
        for (int i = 0; i < DEPTH; i++) {
            String name = "bridge/fc" + i;
            h = tf.nn.relu(batchNorm(name + "/bn", layers.dense(name, h, in, WIDTH)));
            in = WIDTH;
        }
        return layers.dense("bridge/out", h, WIDTH, targetBits);
    }

    List<BatchStats> batchStats() {
        return stats;
    }

    private Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x) {
        Operand<TFloat32> gamma = params.get(name + "/gamma", new long[]{WIDTH}, ParamStore.Init.ONES);
        Operand<TFloat32> beta = params.get(name + "/beta", new long[]{WIDTH}, ParamStore.Init.ZEROS);
        Operand<TFloat32> mean;
        Operand<TFloat32> var;
        if (training) {
            mean = tf.math.mean(x, tf.constant(0), Mean.keepDims(false));
            var = tf.math.mean(tf.math.square(tf.math.sub(x, mean)), tf.constant(0), Mean.keepDims(false));
            stats.add(new BatchStats(name, mean, var));
        } else {
            mean = params.get(name + "/moving_mean", new long[]{WIDTH}, ParamStore.Init.ZEROS);
            var = params.get(name + "/moving_var", new long[]{WIDTH}, ParamStore.Init.ONES);
        }
        Operand<TFloat32> normed = tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-3f))));
        return tf.math.add(tf.math.mul(normed, gamma), beta);
    }
}
