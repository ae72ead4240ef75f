package io.dmzstream.model.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * The one resize policy of the project: scale the image so that its shorter side (relative to the
 * target aspect) matches the target, keeping the aspect ratio, then centre-crop to exactly W x H
 * (torchvision's {@code Resize(short side)} + {@code CenterCrop}). Nothing is stretched or padded.
 *
 * <p>Resampling is a separable triangle (bilinear) filter whose support widens with the
 * downscale factor, so shrinking averages every source pixel instead of aliasing (as PIL's
 * antialiased bilinear); an image already W x H passes through unchanged. Channels are converted
 * after resizing: grey to RGB repeats the value, RGB to grey takes ITU-R BT.601 luma
 * (0.299 R + 0.587 G + 0.114 B). Alpha is dropped.
 */
public final class ImageFit {
    private ImageFit() {
    }

    /** The colour channels an image carries: 1 for grey-scale, 3 for colour (palettes count as colour). */
    public static int channelsOf(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1 && image.getRaster().getNumBands() <= 2 ? 1 : 3;
    }

    /** {@code image} resized, centre-cropped and converted to W x H x C unsigned bytes, row-major, channels interleaved. */
    public static byte[] fit(BufferedImage image, int width, int height, int channels) {
        int sourceChannels = channelsOf(image);
        int w0 = image.getWidth();
        int h0 = image.getHeight();
        float[] px = read(image, sourceChannels);
        double scale = Math.max((double) width / w0, (double) height / h0);
        int sw = Math.max(width, (int) Math.round(w0 * scale));
        int sh = Math.max(height, (int) Math.round(h0 * scale));
        if (sw != w0 || sh != h0) {
            px = resample(px, w0, h0, sourceChannels, sw, sh);
        }
        int x0 = (sw - width) / 2;
        int y0 = (sh - height) / 2;
        byte[] out = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = ((y + y0) * sw + (x + x0)) * sourceChannels;
                int dst = (y * width + x) * channels;
                if (sourceChannels == channels) {
                    for (int c = 0; c < channels; c++) {
                        out[dst + c] = toByte(px[src + c]);
                    }
                } else if (channels == 3) {
                    byte v = toByte(px[src]);
                    out[dst] = v;
                    out[dst + 1] = v;
                    out[dst + 2] = v;
                } else {
                    out[dst] = toByte(0.299f * px[src] + 0.587f * px[src + 1] + 0.114f * px[src + 2]);
                }
            }
        }
        return out;
    }

    /** Pixels as floats 0..255: grey from the raster itself (no colour-space conversion), colour as sRGB. */
    private static float[] read(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] px = new float[w * h * channels];
        if (channels == 1) {
            Raster r = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            float max = (1 << bits) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = r.getSample(x, y, 0) * 255f / max;
                }
            }
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                px[3 * i] = (argb[i] >> 16) & 0xff;
                px[3 * i + 1] = (argb[i] >> 8) & 0xff;
                px[3 * i + 2] = argb[i] & 0xff;
            }
        }
        return px;
    }

    private static float[] resample(float[] px, int w0, int h0, int c, int w1, int h1) {
        float[] horizontal = new float[w1 * h0 * c];
        Filter fx = Filter.of(w0, w1);
        for (int y = 0; y < h0; y++) {
            for (int x = 0; x < w1; x++) {
                for (int k = 0; k < c; k++) {
                    double acc = 0;
                    for (int j = 0; j < fx.weights[x].length; j++) {
                        acc += fx.weights[x][j] * px[(y * w0 + fx.first[x] + j) * c + k];
                    }
                    horizontal[(y * w1 + x) * c + k] = (float) acc;
                }
            }
        }
        float[] out = new float[w1 * h1 * c];
        Filter fy = Filter.of(h0, h1);
        for (int y = 0; y < h1; y++) {
            for (int x = 0; x < w1; x++) {
                for (int k = 0; k < c; k++) {
                    double acc = 0;
                    for (int j = 0; j < fy.weights[y].length; j++) {
                        acc += fy.weights[y][j] * horizontal[((fy.first[y] + j) * w1 + x) * c + k];
                    }
                    out[(y * w1 + x) * c + k] = (float) acc;
                }
            }
        }
        return out;
    }

    /** Normalised triangle-filter weights of each output sample over a run of input samples. */
    private record Filter(int[] first, double[][] weights) {
        static Filter of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(1.0, scale);
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(in - 1, (int) Math.ceil(centre + support));
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    double v = Math.max(0.0, 1.0 - Math.abs((j + 0.5 - centre) / support));
                    w[j - lo] = v;
                    sum += v;
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] /= sum;
                }
                first[i] = lo;
                weights[i] = w;
            }
            return new Filter(first, weights);
        }
    }

    private static byte toByte(float v) {
        int i = Math.round(v);
        return (byte) (i < 0 ? 0 : Math.min(255, i));
    }
}
