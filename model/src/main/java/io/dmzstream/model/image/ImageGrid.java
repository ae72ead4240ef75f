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
 * Lays grey-scale images (in model units, [-1, 1]) out in rows and writes a PNG: sample grids for
 * model cards, the demo and the evaluation report. Each row can be a different kind of image
 * (inputs, reconstructions, ...); images are scaled up for viewing.
 */
public final class ImageGrid {
    private final int height;
    private final int width;
    private final int scale;
    private final List<float[][]> rows = new ArrayList<>();

    public ImageGrid(int height, int width, int scale) {
        this.height = height;
        this.width = width;
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
                BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                raster.setSample(x, y, 0, 96);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            float[][] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                for (int y = 0; y < height * scale; y++) {
                    for (int x = 0; x < width * scale; x++) {
                        int v = PixelScale.toByte(row[c][(y / scale) * width + x / scale]);
                        raster.setSample(gap + c * cellW + x, gap + r * cellH + y, 0, v);
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
