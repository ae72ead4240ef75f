package io.dmzstream.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;

/** The look every chart shares: white plot, light grid, sans-serif titles, legend below. */
final class Style {
    static final Color GRID = new Color(0xe4e4e4);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Stroke DASHED = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{4f, 4f}, 0f);

    private Style() {
    }

    static JFreeChart apply(JFreeChart chart, Plot plot) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // room on the right for the last x tick label
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 6, 4, 18));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(TITLE);
            title.setPosition(RectangleEdge.TOP);
            title.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TEXT);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(new Color(0xcccccc));
        return chart;
    }
}
