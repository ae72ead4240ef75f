package io.dmzstream.model.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.ModelInfo;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prior's sample grid draws a colour model in colour: train-prior on dmz-mnistm once failed on "3072 values, not 32x32x1". */
class PriorGridTest {

    @Test
    void aColourModelsSamplesAreDrawnInColour() {
        ModelInfo info = new ModelInfo("dmz-rgb", "1", "rgb", 32, 32, 3, 8, 1000, NoiseSchedule.Kind.COSINE, List.of());
        float[][] images = new float[2 * PriorJob.GRID_COLUMNS][32 * 32 * 3];
        for (float[] image : images) {
            for (int p = 0; p < 32 * 32; p++) {
                image[3 * p] = 1f;      // red
                image[3 * p + 1] = -1f;
                image[3 * p + 2] = -1f;
            }
        }
        BufferedImage grid = PriorJob.grid(info, images, 2).render();
        int rgb = grid.getRGB(2 + 10, 2 + 10);   // inside the first image, past the 2-pixel gap
        int red = (rgb >> 16) & 0xff;
        int blue = rgb & 0xff;
        assertNotEquals(red, blue, "a colour image drawn as grey: " + Integer.toHexString(rgb));
        assertEquals(0xff, red, "the red channel: " + Integer.toHexString(rgb));
    }
}
