package io.dmzstream.topology.output;

import io.dmzstream.model.data.PixelScale;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes model-unit images ([-1, 1], row-major H*W*C, C = 1 or 3) as PNG. Deterministic bytes for equal input. */
public final class PngEncoder {
    private PngEncoder() {
    }

    public static byte[] encode(float[] pixels, int width, int height, int channels) {
        if ((channels != 1 && channels != 3) || pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException(pixels.length + " values are not a " + width + "x" + height + "x"
                    + channels + " image (channels 1 or 3)");
        }
        // bands follow the colour model (R, G, B) whatever the byte order of the type
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    raster.setSample(x, y, c, PixelScale.toByte(pixels[(y * width + x) * channels + c]));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
