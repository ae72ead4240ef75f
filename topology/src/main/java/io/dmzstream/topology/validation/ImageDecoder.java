package io.dmzstream.topology.validation;

import io.dmzstream.model.data.PixelScale;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Turns PNG or raw unsigned-byte payloads into the model's row-major H*W*C floats in [-1, 1]. */
public final class ImageDecoder {
    /** {@link PixelScale#toModel} of every byte: a table read instead of a division per pixel. */
    private static final float[] MODEL_SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            MODEL_SCALE[v] = PixelScale.toModel((byte) v);
        }
    }

    private ImageDecoder() {
    }

    public static float[] raw(byte[] bytes, int width, int height, int channels) {
        long expected = (long) width * height * channels;
        if (bytes.length != expected) {
            throw new Rejection(Rejection.RAW_LENGTH_MISMATCH, "RAW_U8 image has " + bytes.length
                    + " bytes but " + width + "x" + height + "x" + channels + " needs " + expected);
        }
        float[] out = new float[bytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = MODEL_SCALE[bytes[i] & 0xff];
        }
        return out;
    }

    public static float[] png(byte[] bytes, int width, int height, int channels) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new Rejection(Rejection.CORRUPT_PNG, "cannot decode PNG: " + e.getMessage());
        }
        if (img == null) {
            throw new Rejection(Rejection.CORRUPT_PNG, "not a readable PNG image");
        }
        if (img.getWidth() != width || img.getHeight() != height) {
            throw new Rejection(Rejection.WRONG_DIMENSIONS, "PNG is " + img.getWidth() + "x" + img.getHeight()
                    + " but the event says " + width + "x" + height);
        }
        float[] out = new float[width * height * channels];
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        boolean direct = img.getColorModel().getNumColorComponents() == channels
                && raster.getSampleModel().getSampleSize(0) == 8 && !img.getColorModel().hasAlpha()
                && img.getType() != BufferedImage.TYPE_BYTE_INDEXED;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = (y * width + x) * channels;
                if (direct && bands >= channels) {
                    // read samples as stored: getRGB would gamma-convert grey images
                    for (int c = 0; c < channels; c++) {
                        out[base + c] = PixelScale.toModel((byte) raster.getSample(x, y, c));
                    }
                } else {
                    int rgb = img.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    if (channels == 1) {
                        out[base] = PixelScale.toModel((byte) ((r * 299 + g * 587 + b * 114) / 1000));
                    } else {
                        int[] rgbv = {r, g, b};
                        for (int c = 0; c < channels; c++) {
                            out[base + c] = PixelScale.toModel((byte) rgbv[Math.min(c, 2)]);
                        }
                    }
                }
            }
        }
        return out;
    }
}
