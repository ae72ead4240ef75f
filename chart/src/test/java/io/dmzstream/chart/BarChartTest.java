package io.dmzstream.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;

class BarChartTest {
    @Test
    void stackedSegmentsAddUpOnTheValueAxis() {
        BarChart chart = BarChart.builder("cpu").stacked().value("model", "stream", 300).value("stream threads",
                "stream", 200).value("model", "raw", 280).build();
        CategoryPlot plot = (CategoryPlot) chart.jfree().getPlot();
        chart.image();
        assertEquals(0.0, plot.getRangeAxis().getLowerBound(), 1e-12);
        assertTrue(plot.getRangeAxis().getUpperBound() >= 500, "the stacked bar reaches 300 + 200: "
                + plot.getRangeAxis().getUpperBound());
        assertEquals(2, plot.getDataset().getColumnCount());
    }

    @Test
    void unstackedBarsReachOnlyTheLargestValue() {
        BarChart chart = BarChart.builder("cpu").value("model", "stream", 300).value("stream threads", "stream", 200)
                .build();
        chart.image();
        double upper = ((CategoryPlot) chart.jfree().getPlot()).getRangeAxis().getUpperBound();
        assertTrue(upper >= 300 && upper < 500, "side by side, not stacked: " + upper);
    }
}
