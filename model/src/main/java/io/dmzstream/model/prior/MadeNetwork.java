package io.dmzstream.model.prior;

import io.dmzstream.model.network.ParamStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The MADE's forward pass: code bits [B, d] and a one-hot class [B, C] to the logits [B, d] of
 * p(z_k = 1 | z_<k, class). Weights come from a {@link ParamStore} (seeded for training, assigned
 * from trained values for export); the masks are graph constants multiplied into the weights.
 *
 * <p>The class enters every first-layer hidden unit and every logit directly: no hidden unit may
 * see any bit and still feed bit 0, so without the direct class term bit 0 would ignore the class.
 */
final class MadeNetwork {
    private final Ops tf;
    private final ParamStore params;
    private final MadeConfig config;
    private final Map<String, Operand<TFloat32>> maskedWeights = new HashMap<>();

    MadeNetwork(Ops tf, ParamStore params, MadeConfig config) {
        this.tf = tf;
        this.params = params;
        this.config = config;
    }

    Operand<TFloat32> logits(Operand<TFloat32> bits, Operand<TFloat32> classes) {
        int d = config.bits();
        int h = config.hidden();
        int c = config.classes();
        Operand<TFloat32> pre = tf.math.add(
                tf.math.add(tf.linalg.matMul(bits, masked("prior/in/w", d, h, config::inputMask, ParamStore.Init.HE_NORMAL)),
                        params.get("prior/in/b", new long[]{h}, ParamStore.Init.ZEROS)),
                tf.linalg.matMul(classes, params.get("prior/class_hidden/w", new long[]{c, h}, ParamStore.Init.ZEROS)));
        Operand<TFloat32> hidden = tf.nn.relu(pre);
        for (int layer = 1; layer < config.hiddenLayers(); layer++) {
            String name = "prior/hidden" + layer;
            hidden = tf.nn.relu(tf.math.add(
                    tf.linalg.matMul(hidden, masked(name + "/w", h, h, config::hiddenMask, ParamStore.Init.HE_NORMAL)),
                    params.get(name + "/b", new long[]{h}, ParamStore.Init.ZEROS)));
        }
        // zero-initialised logits: training starts from the uniform prior (d bits per code)
        Operand<TFloat32> out = tf.math.add(
                tf.linalg.matMul(hidden, masked("prior/out/w", h, d, config::outputMask, ParamStore.Init.ZEROS)),
                params.get("prior/out/b", new long[]{d}, ParamStore.Init.ZEROS));
        out = tf.math.add(out, tf.linalg.matMul(bits, masked("prior/direct/w", d, d, config::directMask, ParamStore.Init.ZEROS)));
        return tf.math.add(out, tf.linalg.matMul(classes, params.get("prior/class_out/w", new long[]{c, d}, ParamStore.Init.ZEROS)));
    }

    /** -log2 p(bits | class) per row, [B]: the sum over bits of the binary cross-entropy, in bits. */
    Operand<TFloat32> nllBits(Operand<TFloat32> logits, Operand<TFloat32> bits) {
        // softplus(l) - l * z = -log p(z | l) for z in {0, 1}, computed stably
        Operand<TFloat32> nats = tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, bits));
        return tf.math.div(tf.reduceSum(nats, tf.constant(1)), tf.constant((float) Math.log(2)));
    }

    /**
     * The weight times its mask, built once per graph: the sampling graph calls {@link #logits} d
     * times, and a fresh mask constant per call would store d copies of every mask in the SavedModel.
     */
    private Operand<TFloat32> masked(String name, int rows, int cols, Supplier<float[]> mask, ParamStore.Init init) {
        return maskedWeights.computeIfAbsent(name, n -> tf.math.mul(params.get(n, new long[]{rows, cols}, init),
                tf.constant(Shape.of(rows, cols), DataBuffers.of(mask.get(), true, false))));
    }
}
