package io.dmzstream.topology.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dmzstream.model.data.PixelScale;
import io.dmzstream.topology.validation.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PNGs of any model shape: grey or RGB, square or not, channels in R, G, B order. */
class PngEncoderTest {

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n];
        for (int i = 0; i < n; i++) {
            px[i] = PixelScale.toModel((byte) rng.nextInt(256));
        }
        return px;
    }

    @Test
    void rgbAndNonSquareImagesRoundTripExactly() throws IOException {
        for (int[] shape : new int[][] {{32, 32, 3}, {17, 33, 3}, {40, 24, 1}}) {
            int w = shape[0];
            int h = shape[1];
            int c = shape[2];
            float[] px = random(w * h * c, w * 31L + c);
            byte[] png = PngEncoder.encode(px, w, h, c);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(w, img.getWidth());
            assertEquals(h, img.getHeight());
            assertEquals(c, img.getColorModel().getNumColorComponents());
            assertArrayEquals(px, ImageDecoder.png(png, w, h, c), 0f);
        }
    }

    @Test
    void channelsAreRedGreenBlue() throws IOException {
        float[] px = {1f, -1f, -1f, -1f, 1f, -1f, -1f, -1f, 1f}; // red, green, blue
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(px, 3, 1, 3)));
        assertEquals(0xff0000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x00ff00, img.getRGB(1, 0) & 0xffffff);
        assertEquals(0x0000ff, img.getRGB(2, 0) & 0xffffff);
    }

    @Test
    void refusesPixelsThatAreNotTheStatedShape() {
        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new float[28 * 28], 32, 32, 3));
        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new float[4 * 4 * 2], 4, 4, 2));
    }
}
