package io.dmzstream.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart: lines with gaps at NaN values, y axis from 0, a linear or logarithmic x axis
 * (the logarithmic one ticks at the data's own x values), dashed vertical markers, legend below.
 * Built with {@link #builder(String)}.
 */
public final class LineChart implements Chart {
    private final JFreeChart chart;
    private final int width;
    private final int height;

    private LineChart(JFreeChart chart, int width, int height) {
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
        private final String title;
        private String xLabel = "";
        private String yLabel = "";
        private boolean logX;
        private double xMin = Double.NaN;
        private double xMax = Double.NaN;
        private double xTick = Double.NaN;
        private DoubleFunction<String> xFormat;
        private boolean points = true;
        private boolean widerEarlierLines;
        private int width = 640;
        private int height = 420;
        private final List<Line> lines = new ArrayList<>();
        private final List<Marker> markers = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder xLabel(String v) { this.xLabel = v; return this; }
        public Builder yLabel(String v) { this.yLabel = v; return this; }
        /** Logarithmic x axis, ticked at the x values of the data. */
        public Builder logX() { this.logX = true; return this; }
        /** A fixed x range instead of the data's. */
        public Builder xRange(double min, double max) { this.xMin = min; this.xMax = max; return this; }
        /** A fixed x tick step, each tick labelled by {@code format}. */
        public Builder xTicks(double step, DoubleFunction<String> format) { this.xTick = step; this.xFormat = format; return this; }
        /** Whether every point gets a dot (default); without, only lone values between gaps do. */
        public Builder points(boolean v) { this.points = v; return this; }
        /** Earlier lines drawn wider, so a later line lying on an earlier one still shows. */
        public Builder widerEarlierLines() { this.widerEarlierLines = true; return this; }
        public Builder size(int w, int h) { this.width = w; this.height = h; return this; }
        /** Adds a line; one without any value is left out. */
        public Builder line(Line line) { if (line.hasData()) { lines.add(line); } return this; }
        public Builder lines(List<Line> v) { v.forEach(this::line); return this; }
        public Builder marker(Marker m) { markers.add(m); return this; }
        public Builder markers(List<Marker> v) { markers.addAll(v); return this; }

        public LineChart build() {
            XYSeriesCollection data = new XYSeriesCollection();
            List<Double> xs = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                // keyed by index: two lines may share a legend
                XYSeries s = new XYSeries(i, false, true);
                for (Line.Point p : lines.get(i).points()) {
                    if (logX && !(p.x() > 0)) {
                        continue;
                    }
                    s.add(p.x(), p.y());
                    if (!xs.contains(p.x())) {
                        xs.add(p.x());
                    }
                }
                data.addSeries(s);
            }
            XYPlot plot = new XYPlot(data, xAxis(xs), yAxis(), renderer());
            plot.setDomainGridlinePaint(Style.GRID);
            plot.setRangeGridlinePaint(Style.GRID);
            plot.setDomainGridlineStroke(new BasicStroke(1f));
            plot.setRangeGridlineStroke(new BasicStroke(1f));
            plot.setNoDataMessage("no data");
            plot.setNoDataMessageFont(Style.TEXT);
            for (Marker m : markers) {
                ValueMarker vm = new ValueMarker(m.x(), new Color(0x888888), Style.DASHED);
                vm.setLabel(m.text());
                vm.setLabelFont(Style.TEXT);
                vm.setLabelBackgroundColor(new Color(255, 255, 255, 0));
                vm.setLabelPaint(Color.DARK_GRAY);
                vm.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                vm.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                plot.addDomainMarker(vm);
            }
            JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
            return new LineChart(Style.apply(chart, plot), width, height);
        }

        private ValueAxis xAxis(List<Double> xs) {
            ValueAxis axis;
            if (logX) {
                axis = new ValueTickLogAxis(xLabel, xs.stream().mapToDouble(Double::doubleValue).sorted().toArray());
                if (!xs.isEmpty()) {
                    double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                    double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                    // a little room either side, in log space
                    double pad = Math.max(0.05, 0.05 * Math.log10(hi / lo));
                    axis.setRange(lo / Math.pow(10, pad), hi * Math.pow(10, pad));
                }
            } else {
                NumberAxis n = new FixedTickAxis(xLabel, xFormat);
                n.setAutoRangeIncludesZero(false);
                if (!Double.isNaN(xTick)) {
                    n.setTickUnit(new NumberTickUnit(xTick));
                }
                axis = n;
            }
            if (!Double.isNaN(xMin)) {
                axis.setRange(xMin, xMax);
            }
            axis.setLabelFont(Style.TEXT);
            axis.setTickLabelFont(Style.TEXT);
            return axis;
        }

        private NumberAxis yAxis() {
            NumberAxis y = new NumberAxis(yLabel);
            y.setAutoRangeIncludesZero(true);
            y.setLabelFont(Style.TEXT);
            y.setTickLabelFont(Style.TEXT);
            return y;
        }

        private XYLineAndShapeRenderer renderer() {
            XYLineAndShapeRenderer r = new GapRenderer(points);
            int n = lines.size();
            for (int i = 0; i < n; i++) {
                float w = widerEarlierLines ? 2f + 2f * (n - 1 - i) / Math.max(1, n - 1) : 2f;
                r.setSeriesStroke(i, new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                r.setSeriesPaint(i, Palette.of(i));
                r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            }
            r.setLegendItemLabelGenerator((dataset, series) -> lines.get(series).name());
            return r;
        }
    }

    /** Draws dots everywhere, or (without points) only on lone values whose neighbours are gaps. */
    private static final class GapRenderer extends XYLineAndShapeRenderer {
        private final boolean points;

        GapRenderer(boolean points) {
            super(true, true);
            this.points = points;
        }

        @Override
        public boolean getItemShapeVisible(int series, int item) {
            if (points) {
                return true;
            }
            var data = getPlot().getDataset();
            int count = data.getItemCount(series);
            boolean prev = item > 0 && Double.isFinite(data.getYValue(series, item - 1));
            boolean next = item + 1 < count && Double.isFinite(data.getYValue(series, item + 1));
            return !prev && !next;
        }
    }

    /** A linear axis whose tick labels come from a given format (e.g. "30 s"). */
    private static final class FixedTickAxis extends NumberAxis {
        private final DoubleFunction<String> format;

        FixedTickAxis(String label, DoubleFunction<String> format) {
            super(label);
            this.format = format;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List ticks = super.refreshTicksHorizontal(g2, dataArea, edge);
            if (format == null) {
                return ticks;
            }
            List out = new ArrayList<>();
            for (Object t : ticks) {
                NumberTick tick = (NumberTick) t;
                double v = tick.getNumber().doubleValue();
                out.add(new NumberTick(v, format.apply(v), tick.getTextAnchor(), tick.getRotationAnchor(), 0.0));
            }
            return out;
        }
    }

    /** A log axis with a tick at each given value (decode steps 1, 2, 5, 10 ... read better than powers of ten). */
    static final class ValueTickLogAxis extends LogAxis {
        private final double[] values;

        ValueTickLogAxis(String label, double[] values) {
            super(label);
            this.values = values;
            setBase(10);
            setMinorTickMarksVisible(false);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            if (values.length == 0) {
                return super.refreshTicksHorizontal(g2, dataArea, edge);
            }
            List ticks = new ArrayList<>();
            for (double v : values) {
                ticks.add(new NumberTick(v, label(v), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }

        static String label(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
                    : String.format(Locale.ROOT, "%.3g", v);
        }
    }
}
