package io.dmzstream.model.network;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The image encoder E(x): a small CNN separate from the U-Net, giving one logit per code bit.
 *
 * <p>The paper keeps a (d, 2) logit pair per bit and a 2-way Gumbel-softmax; for two classes that
 * is exactly sigmoid((l1 - l0 + logistic noise) / tau), so one logit per bit carries the same model.
 */
public final class Encoder {
    private final Layers layers;
    private final NetworkConfig config;

    public Encoder(Layers layers, NetworkConfig config) {
        this.layers = layers;
        this.config = config;
    }

    /** Logits [B, d] for images [B, H, W, 1] in [-1, 1]. */
    public Operand<TFloat32> logits(Operand<TFloat32> image) {
        int w = config.encoderWidth();
        Operand<TFloat32> h = layers.silu(layers.conv("enc/c0", image, 1, w, 3, 1));
        h = layers.silu(layers.conv("enc/c1", h, w, 2 * w, 3, 2));          // 14x14
        h = layers.silu(layers.conv("enc/c2", h, 2 * w, 2 * w, 3, 1));
        h = layers.silu(layers.conv("enc/c3", h, 2 * w, 4 * w, 3, 2));      // 7x7
        h = layers.silu(layers.conv("enc/c4", h, 4 * w, 4 * w, 3, 1));
        h = layers.silu(layers.conv("enc/c5", h, 4 * w, 4 * w, 3, 2));      // 4x4
        int hh = (config.height() + 7) / 8;
        int ww = (config.width() + 7) / 8;
        int flat = hh * ww * 4 * w;
        h = layers.tf().reshape(h, layers.tf().constant(new int[]{-1, flat}));
        h = layers.silu(layers.dense("enc/fc", h, flat, 256));
        return layers.dense("enc/logits", h, 256, config.bits(), ParamStore.Init.HE_NORMAL);
    }
}
