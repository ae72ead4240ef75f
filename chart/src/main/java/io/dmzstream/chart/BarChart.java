package io.dmzstream.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A bar chart over categories, one bar segment (or bar, unstacked) per series and category; the
 * value axis starts at 0. Built with {@link #builder(String)}.
 */
public final class BarChart implements Chart {
    private final JFreeChart chart;
    private final int width;
    private final int height;

    private BarChart(JFreeChart chart, int width, int height) {
        this.chart = chart;
        this.width = width;
        this.height = height;
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    @Override
    public JFreeChart jfree() {
        return chart;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public static final class Builder {
        private record Value(String series, String category, double value) {
        }

        private final String title;
        private String categoryLabel = "";
        private String valueLabel = "";
        private boolean stacked;
        private boolean horizontal;
        private int width = 640;
        private int height = 420;
        private final List<Value> values = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder categoryLabel(String v) { this.categoryLabel = v; return this; }
        public Builder valueLabel(String v) { this.valueLabel = v; return this; }
        /** Series stacked into one bar per category. */
        public Builder stacked() { this.stacked = true; return this; }
        /** Bars drawn left to right (long category names read better). */
        public Builder horizontal() { this.horizontal = true; return this; }
        public Builder size(int w, int h) { this.width = w; this.height = h; return this; }
        public Builder value(String series, String category, double value) {
            values.add(new Value(series, category, value));
            return this;
        }

        public BarChart build() {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            values.forEach(v -> data.addValue(v.value(), v.series(), v.category()));
            CategoryAxis categories = new CategoryAxis(categoryLabel);
            categories.setLabelFont(Style.TEXT);
            categories.setTickLabelFont(Style.TEXT);
            categories.setMaximumCategoryLabelLines(2);
            NumberAxis axis = new NumberAxis(valueLabel);
            axis.setAutoRangeIncludesZero(true);
            axis.setLabelFont(Style.TEXT);
            axis.setTickLabelFont(Style.TEXT);
            BarRenderer renderer = stacked ? new StackedBarRenderer() : new BarRenderer();
            renderer.setBarPainter(new StandardBarPainter());
            renderer.setShadowVisible(false);
            renderer.setDrawBarOutline(false);
            renderer.setMaximumBarWidth(0.12);
            for (int i = 0; i < data.getRowCount(); i++) {
                renderer.setSeriesPaint(i, Palette.of(i));
            }
            CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
            plot.setOrientation(horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL);
            plot.setRangeGridlinePaint(Style.GRID);
            plot.setNoDataMessage("no data");
            plot.setNoDataMessageFont(Style.TEXT);
            plot.setOutlinePaint(new Color(0xcccccc));
            JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
            return new BarChart(Style.apply(chart, plot), width, height);
        }
    }
}
