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

    /**
     * Logits [B, d] for images [B, H, W, C] in [-1, 1]. Widths w, 2w, 4w, 4w, ... with one stride-2
     * conv per downsampling; the first three (and their stride-1 partners) keep the names of the
     * original 28x28 encoder, so its trained weights still load.
     */
    public Operand<TFloat32> logits(Operand<TFloat32> image) {
        int w = config.encoderWidth();
        Operand<TFloat32> h = layers.silu(layers.conv("enc/c0", image, config.channels(), w, 3, 1));
        int in = w;
        int hh = config.height();
        int ww = config.width();
        for (int i = 1; i <= config.encoderDownsamples(); i++) {
            int out = i == 1 ? 2 * w : 4 * w;
            h = layers.silu(layers.conv("enc/c" + (2 * i - 1), h, in, out, 3, 2));
            hh = (hh + 1) / 2;
            ww = (ww + 1) / 2;
            // the last downsampling has no stride-1 partner (as in the 28x28 encoder: c5 is last)
            if (i < config.encoderDownsamples()) {
                h = layers.silu(layers.conv("enc/c" + (2 * i), h, out, out, 3, 1));
            }
            in = out;
        }
        int flat = hh * ww * in;
        h = layers.tf().reshape(h, layers.tf().constant(new int[]{-1, flat}));
        h = layers.silu(layers.dense("enc/fc", h, flat, 256));
        return layers.dense("enc/logits", h, 256, config.bits(), ParamStore.Init.HE_NORMAL);
    }
}
