package io.dmzstream.model.data.mnistm;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A colour photograph as interleaved 8-bit RGB, row-major: the background source of MNIST-M. */
public record Photo(String name, int width, int height, byte[] rgb) {

    public Photo {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(name + ": " + rgb.length + " bytes for " + width + "x" + height + " RGB");
        }
    }

    /** Reads a PNG or JPEG file; any colour model is converted to RGB (alpha dropped). */
    public static Photo read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": not a readable PNG or JPEG image");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new Photo(file.getFileName().toString(), w, h, rgb);
    }

    /** Unsigned value of channel {@code c} at ({@code x}, {@code y}). */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}
