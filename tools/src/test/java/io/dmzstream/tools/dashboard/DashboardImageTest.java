package io.dmzstream.tools.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.chart.LineChart;
import io.dmzstream.chart.Marker;
import io.dmzstream.chart.Palette;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardImageTest {
    @TempDir
    Path tmp;

    @Test
    void drawsAGridOfPanelsWithTheirLines() throws Exception {
        Series line = new Series("latent", List.of(new Series.Point(0, 0), new Series.Point(10, 5),
                new Series.Point(20, Double.NaN), new Series.Point(30, 4)));
        List<Panel> panels = List.of(new Panel("A", "ops/s", "a", List.of(line)),
                new Panel("B", "ms", "b", List.of(new Series("empty", List.of(new Series.Point(0, Double.NaN))))),
                new Panel("C", "ms", "c", List.of(line)));
        Path file = tmp.resolve("d.png");
        new DashboardImage("heading", "sub", panels, List.of(new Marker(15, "m")), 30).write(file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(10 + 2 * (640 + 10), img.getWidth(), "two panels per row");
        assertEquals(40 + 18 + 2 * (330 + 10), img.getHeight(), "one line of subheading; three panels make two rows");
        int first = Palette.of(0).getRGB();
        int found = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                found += img.getRGB(x, y) == first ? 1 : 0;
            }
        }
        assertTrue(found > 200, "series drawn in the first colour: " + found + " pixels");
        assertTrue(panels.get(1).series().isEmpty(), "a series without values is left out");
    }

    @Test
    void timeAxisSpansTheRunAndTheValueAxisStartsAtZero() {
        Series line = new Series("p99", List.of(new Series.Point(0, 12), new Series.Point(60, 37)));
        LineChart chart = new DashboardImage("h", "s", List.of(), List.of(new Marker(30, "half")), 180)
                .chart(new Panel("latency", "ms", "d", List.of(line)));
        chart.image();
        XYPlot plot = (XYPlot) chart.jfree().getPlot();
        assertEquals(0.0, plot.getDomainAxis().getLowerBound(), 1e-12);
        assertEquals(180.0, plot.getDomainAxis().getUpperBound(), 1e-12);
        assertEquals(0.0, plot.getRangeAxis().getLowerBound(), 1e-12);
        assertTrue(plot.getRangeAxis().getUpperBound() >= 37);
        assertEquals("ms", plot.getRangeAxis().getLabel());
        assertEquals(1, plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size());
    }
}
