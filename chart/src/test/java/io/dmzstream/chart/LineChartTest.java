package io.dmzstream.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir
    Path tmp;

    @Test
    void logAxisTicksAtTheDataValues() {
        TreeMap<Integer, Double> fid = new TreeMap<>();
        for (int k : new int[]{2, 5, 10, 20, 50}) {
            fid.put(k, 100.0 / k);
        }
        LineChart chart = LineChart.builder("FID").xLabel("K").logX().line(Line.of("dmz", fid)).build();
        ValueAxis x = ((XYPlot) chart.jfree().getPlot()).getDomainAxis();
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<?> ticks = x.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, 600, 300), RectangleEdge.BOTTOM);
        assertEquals(List.of(2.0, 5.0, 10.0, 20.0, 50.0), ticks.stream().map(t -> ((ValueTick) t).getValue()).toList());
        assertEquals("20", ((ValueTick) ticks.get(3)).getText());
        assertTrue(x.getLowerBound() < 2 && x.getUpperBound() > 50, "every point inside the axis");
    }

    @Test
    void aNaNValueIsAGapAndTheYAxisStartsAtZero() throws Exception {
        Line gappy = new Line("gappy", List.of(new Line.Point(0, 5), new Line.Point(1, Double.NaN),
                new Line.Point(2, 5)));
        Line solid = new Line("solid", List.of(new Line.Point(0, 10), new Line.Point(2, 10)));
        LineChart chart = LineChart.builder("gaps").points(false).line(gappy).line(solid)
                .line(new Line("empty", List.of(new Line.Point(0, Double.NaN)))).build();
        XYPlot plot = (XYPlot) chart.jfree().getPlot();
        assertEquals(2, plot.getDataset().getSeriesCount(), "a line without values is left out");
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = chart.jfree().createBufferedImage(chart.width(), chart.height(), BufferedImage.TYPE_INT_RGB,
                info);
        assertEquals(0.0, plot.getRangeAxis().getLowerBound(), 1e-12);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        int midGap = (int) plot.getDomainAxis().valueToJava2D(1.0, area, RectangleEdge.BOTTOM);
        int inLine = (int) plot.getDomainAxis().valueToJava2D(1.5, area, RectangleEdge.BOTTOM);
        assertEquals(0, pixels(img, midGap, Palette.of(0).getRGB()), "no line drawn across the gap");
        assertTrue(pixels(img, inLine, Palette.of(1).getRGB()) > 0, "the solid line is drawn there");
        Path file = tmp.resolve("sub/gaps.png");
        chart.write(file);
        assertEquals(chart.width(), ImageIO.read(file.toFile()).getWidth());
        assertTrue(Files.size(file) > 1000);
    }

    private static int pixels(BufferedImage img, int x, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            n += img.getRGB(x, y) == rgb ? 1 : 0;
        }
        return n;
    }
}
