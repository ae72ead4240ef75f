package io.dmzstream.model.network;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The epsilon-prediction denoiser eps(x_t, t, z): a small U-Net over the levels of its
 * {@link NetworkConfig} (e.g. 28x28 -> 14x14 -> 7x7, or 64 -> 32 -> 16 -> 8) with GroupNorm, SiLU, a
 * sinusoidal time embedding applied through AdaGN scale-shift, and z entering
 * through single-token cross-attention at every downsampled level and in the middle block.
 *
 * <p>Single-token cross-attention: with one key/value token the softmax over keys is exactly 1,
 * so attention(Q, K, V) = W_out W_V z whatever the queries are. We therefore implement it as a
 * learned projection of z added to the features, which is the same function without the dead
 * query/key weights. Like the paper's winning variant, z is not mixed into the time embedding.
 *
 * <p>There is no residual block at full resolution: at 28x28 it cost about a third of the
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
     * @param x    noisy images [B, H, W, C]
     * @param t    timesteps [B] as floats (0 .. T-1)
     * @param code z [B, d]: bits, probabilities or relaxed samples; ignored (replaced by ones) for the baseline
     * @return predicted noise [B, H, W, C]
     */
    public Operand<TFloat32> epsilon(Operand<TFloat32> x, Operand<TFloat32> t, Operand<TFloat32> code) {
        int c = config.baseChannels();
        int levels = config.levels();
        List<Integer> mult = config.channelMultipliers();
        int[] hs = new int[levels + 1];
        int[] ws = new int[levels + 1];
        hs[0] = config.height();
        ws[0] = config.width();
        for (int l = 1; l <= levels; l++) {
            // SAME padding with stride 2 rounds up
            hs[l] = (hs[l - 1] + 1) / 2;
            ws[l] = (ws[l - 1] + 1) / 2;
        }
        // baseline: a constant all-ones token of z's shape; 0 * code + 1 rather than OnesLike, which has no
        // registered gradient in TensorFlow's C API (the encoder still trains through the balance term)
        Operand<TFloat32> z = config.conditioned() ? code
                : tf.math.add(tf.math.mul(code, tf.constant(0f)), tf.constant(1f));
        Operand<TFloat32> temb = timeEmbedding(t);

        // weight names follow the original 28 -> 14 -> 7 U-Net (down1, down2, mid, up2, up1, up0), so its models load
        Operand<TFloat32> h0 = layers.conv("unet/in", x, config.channels(), c, 3, 1);
        List<Operand<TFloat32>> skips = new ArrayList<>();
        Operand<TFloat32> d = h0;
        for (int l = 1; l <= levels; l++) {
            int in = c * mult.get(l - 1);
            int out = c * mult.get(l);
            String name = "unet/down" + l;
            d = layers.conv(name, d, in, out, 3, 2);
            d = attend(name + "/attn", resBlock(name + "/res", d, out, out, hs[l], ws[l], temb), z, out);
            skips.add(d);
        }

        int cl = c * mult.get(levels);
        Operand<TFloat32> m = resBlock("unet/mid/res1", d, cl, cl, hs[levels], ws[levels], temb);
        m = attend("unet/mid/attn", m, z, cl);
        m = resBlock("unet/mid/res2", m, cl, cl, hs[levels], ws[levels], temb);

        Operand<TFloat32> u = resBlock("unet/up" + levels + "/res", layers.concatChannels(m, skips.get(levels - 1)),
                2 * cl, cl, hs[levels], ws[levels], temb);
        u = attend("unet/up" + levels + "/attn", u, z, cl);
        for (int l = levels - 1; l >= 1; l--) {
            int in = c * mult.get(l + 1);
            int out = c * mult.get(l);
            String name = "unet/up" + l;
            u = layers.conv(name + "/conv", layers.upsample(u, hs[l], ws[l]), in, out, 3, 1);
            u = resBlock(name + "/res", layers.concatChannels(u, skips.get(l - 1)), 2 * out, out, hs[l], ws[l], temb);
            u = attend(name + "/attn", u, z, out);
        }
        Operand<TFloat32> u0 = layers.conv("unet/up0/conv", layers.upsample(u, hs[0], ws[0]), c * mult.get(1), c, 3, 1);
        u0 = layers.conv("unet/up0/merge", layers.concatChannels(u0, h0), 2 * c, c, 3, 1);
        u0 = layers.silu(layers.groupNorm("unet/out/norm", u0, hs[0], ws[0], c, config.groups()));
        return layers.conv("unet/out", u0, c, config.channels(), 3, 1, ParamStore.Init.ZEROS);
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
