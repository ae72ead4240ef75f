package io.dmzstream.model.image;

import io.dmzstream.model.data.PixelScale;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Lays images (in model units, [-1, 1], row-major H x W x C with C = 1 or 3) out in rows and writes a PNG: sample grids for
 * model cards, the demo and the evaluation report. Each row can be a different kind of image
 * (inputs, reconstructions, ...); images are scaled up for viewing.
 */
public final class ImageGrid {
    private final int height;
    private final int width;
    private final int channels;
    private final int scale;
    private final List<float[][]> rows = new ArrayList<>();

    /** A grid of grey-scale images. */
    public ImageGrid(int height, int width, int scale) {
        this(height, width, 1, scale);
    }

    public ImageGrid(int height, int width, int channels, int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.scale = scale;
    }

    public ImageGrid addRow(float[][] images) {
        rows.add(images);
        return this;
    }

    public BufferedImage render() {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int gap = 2;
        int cellW = width * scale + gap;
        int cellH = height * scale + gap;
        BufferedImage img = new BufferedImage(Math.max(1, cols * cellW + gap), Math.max(1, rows.size() * cellH + gap),
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        var raster = img.getRaster();
        int bands = raster.getNumBands();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    raster.setSample(x, y, b, 96);
                }
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            float[][] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                for (int y = 0; y < height * scale; y++) {
                    for (int x = 0; x < width * scale; x++) {
                        int base = ((y / scale) * width + x / scale) * channels;
                        for (int b = 0; b < channels; b++) {
                            raster.setSample(gap + c * cellW + x, gap + r * cellH + y, b, PixelScale.toByte(row[c][base + b]));
                        }
                    }
                }
            }
        }
        return img;
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(render(), "png", file.toFile());
    }
}
