package io.dmzstream.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartSheetTest {
    @Test
    void chartsInAGridUnderTheHeading() {
        Line line = new Line("a", List.of(new Line.Point(0, 0), new Line.Point(10, 5), new Line.Point(30, 4)));
        List<LineChart> charts = List.of(LineChart.builder("A").line(line).widerEarlierLines().build(),
                LineChart.builder("B").build(), LineChart.builder("C").line(line).widerEarlierLines().build());
        BufferedImage img = new ChartSheet("heading", "sub", 2, 300, 200, charts).image();
        assertEquals(10 + 2 * (300 + 10), img.getWidth());
        assertEquals(40 + 18 + 2 * (200 + 10), img.getHeight(), "one subheading line; three charts make two rows");
        int first = Palette.of(0).getRGB();
        int left = 0;
        int right = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == first) {
                    left += x < img.getWidth() / 2 ? 1 : 0;
                    right += x >= img.getWidth() / 2 ? 1 : 0;
                }
            }
        }
        assertTrue(left > 100, "charts A and C drawn in the first colour: " + left);
        assertEquals(0, right, "chart B has no line");
    }
}
