package io.dmzstream.chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/** A chart of a fixed size, drawn by JFreeChart; written as PNG. */
public interface Chart {
    JFreeChart jfree();

    int width();

    int height();

    /** The chart drawn at its size. */
    default BufferedImage image() {
        return jfree().createBufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB, null);
    }

    default void write(Path file) throws IOException {
        writePng(image(), file);
    }

    /** Writes an image as PNG, creating the folder. */
    static void writePng(BufferedImage image, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
