package io.dmzstream.topology.validation;

import io.dmzstream.model.data.ImageFit;
import io.dmzstream.model.data.PixelScale;
import io.dmzstream.schemas.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Turns PNG, JPEG or raw unsigned-byte payloads into images: the model's row-major H*W*C floats
 * in [-1, 1] for an image of exactly the stated shape, or a {@link BufferedImage} for
 * {@link Preprocessing} to fit. PNG and JPEG headers are checked (pixel limit, agreement with the
 * event's shape) before any pixel is decoded.
 */
public final class ImageDecoder {
    /** {@link PixelScale#toModel} of every byte value: a table read per pixel instead of a division. */
    private static final float[] MODEL_SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            MODEL_SCALE[v] = PixelScale.toModel((byte) v);
        }
    }

    private ImageDecoder() {
    }

    public static float[] raw(byte[] bytes, int width, int height, int channels) {
        checkRawLength(bytes, new InputShape(width, height, channels));
        return toModel(bytes);
    }

    /** A PNG of exactly {@code width x height x channels} as model floats (tests and tools read outputs with it). */
    public static float[] png(byte[] bytes, int width, int height, int channels) {
        BufferedImage img = decode(bytes, ImageFormat.PNG, new InputShape(width, height, channels), Long.MAX_VALUE);
        return toModel(ImageFit.fit(img, width, height, channels));
    }

    /**
     * Decodes a PNG or JPEG whose header agrees with {@code sent}, after checking the header's
     * width x height against {@code maxPixels}.
     */
    static BufferedImage decode(byte[] bytes, ImageFormat format, InputShape sent, long maxPixels) {
        try (EncodedImage file = EncodedImage.open(bytes, format)) {
            long pixels = (long) file.width() * file.height();
            if (pixels > maxPixels) {
                throw new Rejection(Rejection.TOO_MANY_PIXELS, format + " header declares " + file.width() + "x"
                        + file.height() + " = " + pixels + " pixels; image.max.pixels is " + maxPixels);
            }
            if (file.width() != sent.width() || file.height() != sent.height()) {
                throw new Rejection(Rejection.WRONG_DIMENSIONS, format + " is " + file.width() + "x" + file.height()
                        + " but the event says " + sent.width() + "x" + sent.height());
            }
            if (file.channels() != sent.channels()) {
                throw new Rejection(Rejection.WRONG_DIMENSIONS, format + " is " + (file.channels() == 1 ? "grey" : "colour")
                        + " (" + file.channels() + " channel" + (file.channels() == 1 ? "" : "s") + ") but the event says "
                        + sent.channels());
            }
            return file.decode();
        }
    }

    /** RAW_U8 bytes of {@code sent} (1 or 3 channels) as an image. */
    static BufferedImage rawImage(byte[] bytes, InputShape sent) {
        checkRawLength(bytes, sent);
        int w = sent.width();
        int h = sent.height();
        int c = sent.channels();
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = img.getRaster();
        int[] samples = new int[w * c];
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bytes[y * samples.length + i] & 0xff;
            }
            // bands in colour-model order (R, G, B) whatever the byte layout
            raster.setPixels(0, y, w, 1, samples);
        }
        return img;
    }

    static float[] toModel(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = MODEL_SCALE[pixels[i] & 0xff];
        }
        return out;
    }

    private static void checkRawLength(byte[] bytes, InputShape shape) {
        long expected = (long) shape.width() * shape.height() * shape.channels();
        if (bytes.length != expected) {
            throw new Rejection(Rejection.RAW_LENGTH_MISMATCH, "RAW_U8 image has " + bytes.length
                    + " bytes but " + shape + " needs " + expected);
        }
    }
}
