package io.dmzstream.tools.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.Stroke;
import java.util.List;
import java.util.Locale;

/**
 * Draws one {@link Panel} into a rectangle, in the manner of a Grafana time-series panel: title,
 * y axis from 0 with round ticks and the unit, time axis in seconds, markers, legend below.
 */
final class TimeSeriesPanel {
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf), new Color(0x8c564b), new Color(0xe377c2)};
    private static final Color GRID = new Color(0xe4e4e4);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int LEGEND_ROW = 17;
    private static final Stroke DASHED = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{4f, 4f}, 0f);

    private final double endSeconds;
    private final List<Marker> markers;

    TimeSeriesPanel(double endSeconds, List<Marker> markers) {
        this.endSeconds = endSeconds;
        this.markers = markers;
    }

    void draw(Graphics2D g, Rectangle area, Panel panel) {
        g.setColor(Color.WHITE);
        g.fillRect(area.x, area.y, area.width, area.height);
        g.setColor(new Color(0xcccccc));
        g.drawRect(area.x, area.y, area.width - 1, area.height - 1);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(panel.title(), area.x + 12, area.y + 22);

        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        int legendRows = legendRows(fm, panel, area.width - 24);
        int left = area.x + 62;
        int right = area.x + area.width - 16;
        int top = area.y + 38;
        int bottom = area.y + area.height - 36 - legendRows * LEGEND_ROW;
        double maxY = niceCeiling(panel.series().stream().flatMap(s -> s.points().stream())
                .mapToDouble(Series.Point::value).filter(Double::isFinite).max().orElse(0));
        double step = maxY / 4;

        for (int i = 0; i <= 4; i++) {
            int y = yOf(step * i, maxY, top, bottom);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(step * i, step);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        String unit = "y: " + panel.unit();
        g.drawString(unit, right - fm.stringWidth(unit), area.y + 22);
        double tick = endSeconds > 120 ? 30 : 10;
        for (double t = 0; t <= endSeconds + 1e-9; t += tick) {
            int x = xOf(t, left, right);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f s", t);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 15);
        }
        g.drawLine(left, bottom, right, bottom);

        Stroke solid = g.getStroke();
        for (Marker m : markers) {
            int x = xOf(m.seconds(), left, right);
            g.setColor(new Color(0x888888));
            g.setStroke(DASHED);
            g.drawLine(x, top, x, bottom);
            g.setStroke(solid);
            g.drawString(m.text(), x + 4, top + 12);
        }

        Shape clip = g.getClip();
        g.clipRect(left, top - 2, right - left + 1, bottom - top + 4);
        int n = panel.series().size();
        for (int s = 0; s < n; s++) {
            // earlier series drawn wider, so one that coincides with a later one (label and latent) still shows
            g.setStroke(new BasicStroke(1.5f + 2.5f * (n - 1 - s) / Math.max(1, n - 1), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.setColor(PALETTE[s % PALETTE.length]);
            drawLine(g, panel.series().get(s), maxY, left, right, top, bottom);
        }
        g.setStroke(solid);
        g.setClip(clip);

        drawLegend(g, fm, panel, area.x + 12, bottom + 24, area.width - 24);
    }

    private void drawLine(Graphics2D g, Series series, double maxY, int left, int right, int top, int bottom) {
        List<Series.Point> points = series.points();
        for (int i = 0; i < points.size(); i++) {
            Series.Point p = points.get(i);
            if (!Double.isFinite(p.value())) {
                continue;
            }
            int x = xOf(p.seconds(), left, right);
            int y = yOf(p.value(), maxY, top, bottom);
            boolean prev = i > 0 && Double.isFinite(points.get(i - 1).value());
            boolean next = i + 1 < points.size() && Double.isFinite(points.get(i + 1).value());
            if (prev) {
                Series.Point q = points.get(i - 1);
                g.drawLine(xOf(q.seconds(), left, right), yOf(q.value(), maxY, top, bottom), x, y);
            } else if (!next) {
                g.fillOval(x - 3, y - 3, 6, 6); // a lone value between gaps
            }
        }
    }

    private static void drawLegend(Graphics2D g, FontMetrics fm, Panel panel, int x0, int y0, int width) {
        int x = x0;
        int y = y0;
        for (int s = 0; s < panel.series().size(); s++) {
            String text = panel.series().get(s).legend();
            int w = 26 + fm.stringWidth(text) + 16;
            if (x > x0 && x + w > x0 + width) {
                x = x0;
                y += LEGEND_ROW;
            }
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, y - 5, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(text, x + 24, y);
            x += w;
        }
        if (panel.series().isEmpty()) {
            g.setColor(Color.GRAY);
            g.drawString("no data", x0, y0);
        }
    }

    private static int legendRows(FontMetrics fm, Panel panel, int width) {
        int rows = 1;
        int x = 0;
        for (Series s : panel.series()) {
            int w = 26 + fm.stringWidth(s.legend()) + 16;
            if (x > 0 && x + w > width) {
                rows++;
                x = 0;
            }
            x += w;
        }
        return rows;
    }

    private int xOf(double seconds, int left, int right) {
        return left + (int) Math.round((right - left) * seconds / endSeconds);
    }

    private static int yOf(double v, double maxY, int top, int bottom) {
        return bottom - (int) Math.round((bottom - top) * v / maxY);
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten, times 4 ticks, at or above the data's maximum. */
    static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double rawStep = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)));
        for (double f : new double[]{1, 2, 2.5, 5, 10}) {
            if (f * magnitude * 4 >= max * 1.0001) {
                return f * magnitude * 4;
            }
        }
        return 40 * magnitude;
    }

    /** As many decimals as the tick step needs (2.5 -> 1, 0.025 -> 3), at most 4. */
    private static String format(double v, double step) {
        int decimals = 0;
        while (decimals < 4 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                > 1e-6) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
