package io.dmzstream.model.network;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The epsilon-prediction denoiser eps(x_t, t, z): a small U-Net over 28x28 -> 14x14 -> 7x7 with
 * GroupNorm, SiLU, a sinusoidal time embedding applied through AdaGN scale-shift, and z entering
 * through single-token cross-attention at 14x14, 7x7 and in the middle block.
 *
 * <p>Single-token cross-attention: with one key/value token the softmax over keys is exactly 1,
 * so attention(Q, K, V) = W_out W_V z whatever the queries are. We therefore implement it as a
 * learned projection of z added to the features, which is the same function without the dead
 * query/key weights. Like the paper's winning variant, z is not mixed into the time embedding.
 *
 * <p>There is no residual block at full resolution: at 28x28 it costs about a third of the
 * training speed on CPU for little quality.
 */
public final class UNet {
    private static final int TIME_FEATURES = 32;

    private final Layers layers;
    private final Ops tf;
    private final NetworkConfig config;
    private final int timeDim;

    public UNet(Layers layers, NetworkConfig config) {
        this.layers = layers;
        this.tf = layers.tf();
        this.config = config;
        this.timeDim = 4 * config.baseChannels();
    }

    /**
     * @param x    noisy images [B, H, W, 1]
     * @param t    timesteps [B] as floats (0 .. T-1)
     * @param code z [B, d]: bits, probabilities or relaxed samples; ignored (replaced by ones) for the baseline
     * @return predicted noise [B, H, W, 1]
     */
    public Operand<TFloat32> epsilon(Operand<TFloat32> x, Operand<TFloat32> t, Operand<TFloat32> code) {
        int c = config.baseChannels();
        int h = config.height();
        int w = config.width();
        int h1 = (h + 1) / 2;
        int w1 = (w + 1) / 2;
        int h2 = (h1 + 1) / 2;
        int w2 = (w1 + 1) / 2;
        // baseline: a constant all-ones token of z's shape; 0 * code + 1 rather than OnesLike, which has no
        // registered gradient in TensorFlow's C API (the encoder still trains through the balance term)
        Operand<TFloat32> z = config.conditioned() ? code
                : tf.math.add(tf.math.mul(code, tf.constant(0f)), tf.constant(1f));
        Operand<TFloat32> temb = timeEmbedding(t);

        Operand<TFloat32> h0 = layers.conv("unet/in", x, 1, c, 3, 1);                          // 28x28, c
        Operand<TFloat32> d1 = layers.conv("unet/down1", h0, c, 2 * c, 3, 2);                  // 14x14, 2c
        d1 = attend("unet/down1/attn", resBlock("unet/down1/res", d1, 2 * c, 2 * c, h1, w1, temb), z, 2 * c);
        Operand<TFloat32> d2 = layers.conv("unet/down2", d1, 2 * c, 3 * c, 3, 2);              // 7x7, 3c
        d2 = attend("unet/down2/attn", resBlock("unet/down2/res", d2, 3 * c, 3 * c, h2, w2, temb), z, 3 * c);

        Operand<TFloat32> m = resBlock("unet/mid/res1", d2, 3 * c, 3 * c, h2, w2, temb);
        m = attend("unet/mid/attn", m, z, 3 * c);
        m = resBlock("unet/mid/res2", m, 3 * c, 3 * c, h2, w2, temb);

        Operand<TFloat32> u2 = resBlock("unet/up2/res", layers.concatChannels(m, d2), 6 * c, 3 * c, h2, w2, temb);
        u2 = attend("unet/up2/attn", u2, z, 3 * c);
        Operand<TFloat32> u1 = layers.conv("unet/up1/conv", layers.upsample(u2, h1, w1), 3 * c, 2 * c, 3, 1);
        u1 = resBlock("unet/up1/res", layers.concatChannels(u1, d1), 4 * c, 2 * c, h1, w1, temb);
        u1 = attend("unet/up1/attn", u1, z, 2 * c);
        Operand<TFloat32> u0 = layers.conv("unet/up0/conv", layers.upsample(u1, h, w), 2 * c, c, 3, 1);
        u0 = layers.conv("unet/up0/merge", layers.concatChannels(u0, h0), 2 * c, c, 3, 1);
        u0 = layers.silu(layers.groupNorm("unet/out/norm", u0, h, w, c, config.groups()));
        return layers.conv("unet/out", u0, c, 1, 3, 1, ParamStore.Init.ZEROS);
    }

    /** Sinusoidal features of t, then a two-layer MLP. */
    private Operand<TFloat32> timeEmbedding(Operand<TFloat32> t) {
        int half = TIME_FEATURES / 2;
        float[] freqs = new float[half];
        for (int i = 0; i < half; i++) {
            freqs[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
        }
        Operand<TFloat32> args = tf.math.mul(tf.reshape(t, tf.constant(new int[]{-1, 1})),
                tf.reshape(tf.constant(freqs), tf.constant(new int[]{1, half})));
        Operand<TFloat32> feats = tf.concat(java.util.List.of(tf.math.sin(args), tf.math.cos(args)), tf.constant(1));
        Operand<TFloat32> e = layers.silu(layers.dense("unet/time/fc1", feats, TIME_FEATURES, timeDim));
        return layers.dense("unet/time/fc2", e, timeDim, timeDim);
    }

    /** GN-SiLU-conv, AdaGN(t) scale-shift, SiLU-conv (zero-initialised), plus the skip path. */
    private Operand<TFloat32> resBlock(String name, Operand<TFloat32> x, int in, int out, int height, int width,
                                       Operand<TFloat32> temb) {
        int groups = config.groups();
        Operand<TFloat32> h = layers.silu(layers.groupNorm(name + "/norm1", x, height, width, in, groups));
        h = layers.conv(name + "/conv1", h, in, out, 3, 1);
        Operand<TFloat32> ss = layers.dense(name + "/time", layers.silu(temb), timeDim, 2 * out, ParamStore.Init.ZEROS);
        Operand<TFloat32> scale = layers.spatial(tf.slice(ss, tf.constant(new int[]{0, 0}), tf.constant(new int[]{-1, out})), out);
        Operand<TFloat32> shift = layers.spatial(tf.slice(ss, tf.constant(new int[]{0, out}), tf.constant(new int[]{-1, out})), out);
        h = layers.normalize(h, height, width, out, groups);
        h = tf.math.add(tf.math.mul(h, tf.math.add(scale, tf.constant(1f))), shift);
        h = layers.conv(name + "/conv2", layers.silu(h), out, out, 3, 1, ParamStore.Init.ZEROS);
        Operand<TFloat32> skip = in == out ? x : layers.conv(name + "/skip", x, in, out, 1, 1);
        return tf.math.add(skip, h);
    }

    /** Single-token cross-attention to z, i.e. a learned projection of z added everywhere (see class doc). */
    private Operand<TFloat32> attend(String name, Operand<TFloat32> features, Operand<TFloat32> z, int channels) {
        Operand<TFloat32> proj = layers.dense(name + "/z", z, config.bits(), channels, ParamStore.Init.HE_NORMAL);
        return tf.math.add(features, layers.spatial(proj, channels));
    }
}
