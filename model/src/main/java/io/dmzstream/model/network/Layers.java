package io.dmzstream.model.network;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** The few NHWC building blocks the encoder and U-Net are made of, with weights from a {@link ParamStore}. */
public final class Layers {
    private final Ops tf;
    private final ParamStore params;

    public Layers(Ops tf, ParamStore params) {
        this.tf = tf;
        this.params = params;
    }

    public Ops tf() {
        return tf;
    }

    public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int in, int out, int kernel, int stride,
                                  ParamStore.Init init) {
        Operand<TFloat32> w = params.get(name + "/w", new long[]{kernel, kernel, in, out}, init);
        Operand<TFloat32> b = params.get(name + "/b", new long[]{out}, ParamStore.Init.ZEROS);
        Operand<TFloat32> y = tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        return tf.math.add(y, b);
    }

    public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int in, int out, int kernel, int stride) {
        return conv(name, x, in, out, kernel, stride, ParamStore.Init.HE_NORMAL);
    }

    public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, ParamStore.Init init) {
        Operand<TFloat32> w = params.get(name + "/w", new long[]{in, out}, init);
        Operand<TFloat32> b = params.get(name + "/b", new long[]{out}, ParamStore.Init.ZEROS);
        return tf.math.add(tf.linalg.matMul(x, w), b);
    }

    public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out) {
        return dense(name, x, in, out, ParamStore.Init.HE_NORMAL);
    }

    public Operand<TFloat32> silu(Operand<TFloat32> x) {
        return tf.math.mul(x, tf.math.sigmoid(x));
    }

    /** GroupNorm without the affine part: statistics per sample over (H, W, channels of the group). */
    public Operand<TFloat32> normalize(Operand<TFloat32> x, int height, int width, int channels, int groups) {
        Operand<TFloat32> g = tf.reshape(x, tf.constant(new int[]{-1, height, width, groups, channels / groups}));
        Operand<TFloat32> mean = tf.math.mean(g, tf.constant(new int[]{1, 2, 4}), Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(g, mean);
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), tf.constant(new int[]{1, 2, 4}), Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f))));
        return tf.reshape(normed, tf.constant(new int[]{-1, height, width, channels}));
    }

    /** GroupNorm with a learned per-channel scale and shift. */
    public Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x, int height, int width, int channels, int groups) {
        Operand<TFloat32> gamma = params.get(name + "/gamma", new long[]{channels}, ParamStore.Init.ONES);
        Operand<TFloat32> beta = params.get(name + "/beta", new long[]{channels}, ParamStore.Init.ZEROS);
        return tf.math.add(tf.math.mul(normalize(x, height, width, channels, groups), gamma), beta);
    }

    /** Concatenates along channels. */
    public Operand<TFloat32> concatChannels(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.concat(Arrays.asList(a, b), tf.constant(3));
    }

    /** Nearest-neighbour upsampling to the given size. */
    public Operand<TFloat32> upsample(Operand<TFloat32> x, int height, int width) {
        return tf.image.resizeNearestNeighbor(x, tf.constant(new int[]{height, width}));
    }

    /** [B, C] to [B, 1, 1, C] so it broadcasts over the feature map. */
    public Operand<TFloat32> spatial(Operand<TFloat32> v, int channels) {
        return tf.reshape(v, tf.constant(new int[]{-1, 1, 1, channels}));
    }
}
