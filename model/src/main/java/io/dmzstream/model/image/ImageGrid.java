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
    private final List<Row> rows = new ArrayList<>();

    /** One row of images sharing a shape (rows may differ, e.g. grey inputs above their colour transfers). */
    private record Row(float[][] images, int height, int width, int channels) {
    }

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

    /** A row of images of the grid's shape. */
    public ImageGrid addRow(float[][] images) {
        return addRow(images, height, width, channels);
    }

    /** A row of images of another shape, drawn top-left in the grid's cells (which grow to fit it); grey rows show as grey. */
    public ImageGrid addRow(float[][] images, int rowHeight, int rowWidth, int rowChannels) {
        if (rowChannels != 1 && rowChannels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + rowChannels);
        }
        for (float[] image : images) {
            if (image.length != rowHeight * rowWidth * rowChannels) {
                throw new IllegalArgumentException("image has " + image.length + " values, not " + rowWidth + "x" + rowHeight
                        + "x" + rowChannels);
            }
        }
        rows.add(new Row(images, rowHeight, rowWidth, rowChannels));
        return this;
    }

    public BufferedImage render() {
        int cols = rows.stream().mapToInt(r -> r.images().length).max().orElse(0);
        int gap = 2;
        int cellW = rows.stream().mapToInt(Row::width).max().orElse(width) * scale + gap;
        int cellH = rows.stream().mapToInt(Row::height).max().orElse(height) * scale + gap;
        boolean colour = channels == 3 || rows.stream().anyMatch(r -> r.channels() == 3);
        BufferedImage img = new BufferedImage(Math.max(1, cols * cellW + gap), Math.max(1, rows.size() * cellH + gap),
                colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
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
            Row row = rows.get(r);
            int rc = row.channels();
            for (int c = 0; c < row.images().length; c++) {
                float[] image = row.images()[c];
                for (int y = 0; y < row.height() * scale; y++) {
                    for (int x = 0; x < row.width() * scale; x++) {
                        int base = ((y / scale) * row.width() + x / scale) * rc;
                        for (int b = 0; b < bands; b++) {
                            // a grey row in a colour grid repeats its value in every band
                            float v = image[base + (rc == 1 ? 0 : b)];
                            raster.setSample(gap + c * cellW + x, gap + r * cellH + y, b, PixelScale.toByte(v));
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
