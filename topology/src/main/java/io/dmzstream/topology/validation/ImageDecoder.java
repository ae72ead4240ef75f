package io.dmzstream.topology.validation;

import io.dmzstream.model.data.PixelScale;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Turns PNG or raw unsigned-byte payloads into the model's row-major H*W*C floats in [-1, 1]. */
public final class ImageDecoder {
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
            out[i] = PixelScale.toModel(bytes[i]);
        }
        return out;
    }

    public static float[] png(byte[] bytes, int width, int height, int channels) {
        // the header first: nothing is inflated for an image the model cannot take
        PngHeader header = PngHeader.read(bytes);
        if (header.width() != width || header.height() != height) {
            throw new Rejection(Rejection.WRONG_DIMENSIONS, "PNG is " + header.width() + "x" + header.height()
                    + " but the event says " + width + "x" + height);
        }
        BufferedImage img = readPng(bytes);
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

    /** Decodes with the PNG reader only: other formats never reach a decoder. */
    private static BufferedImage readPng(byte[] bytes) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new Rejection(Rejection.CORRUPT_PNG, "cannot decode PNG: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }
}
