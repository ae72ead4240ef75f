package io.dmzstream.tools.dashboard;

import io.dmzstream.chart.ChartSheet;
import io.dmzstream.chart.Line;
import io.dmzstream.chart.LineChart;
import io.dmzstream.chart.Marker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard as one PNG: a heading, then the panels in a grid, two per row like the Grafana
 * layout; each panel a time-series chart (y from 0 in its unit, time in seconds, the markers,
 * legend below; earlier series drawn wider, so one that coincides with a later one still shows).
 */
public record DashboardImage(String heading, String subheading, List<Panel> panels, List<Marker> markers,
                             double endSeconds) {
    static final int COLUMNS = 2;
    static final int PANEL_W = 640;
    static final int PANEL_H = 330;

    public void write(Path file) throws IOException {
        new ChartSheet(heading, subheading, COLUMNS, PANEL_W, PANEL_H, panels.stream().map(this::chart).toList())
                .write(file);
    }

    LineChart chart(Panel panel) {
        return LineChart.builder(panel.title()).yLabel(panel.unit()).xRange(0, endSeconds)
                .xTicks(endSeconds > 120 ? 30 : 10, t -> String.format(Locale.ROOT, "%.0f s", t))
                .points(false).widerEarlierLines().markers(markers)
                .lines(panel.series().stream().map(s -> new Line(s.legend(),
                        s.points().stream().map(p -> new Line.Point(p.seconds(), p.value())).toList())).toList())
                .size(PANEL_W, PANEL_H).build();
    }
}
