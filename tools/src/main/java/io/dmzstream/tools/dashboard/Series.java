package io.dmzstream.tools.dashboard;

import java.util.ArrayList;
import java.util.List;

/** One line of a panel: its legend and points (a NaN value is a gap, as Grafana draws "no data"). */
public record Series(String legend, List<Point> points) {
    /** A value at a time, in seconds since the run started. */
    public record Point(double seconds, double value) {
    }

    public Series {
        points = List.copyOf(points);
    }

    public boolean hasData() {
        return points.stream().anyMatch(p -> Double.isFinite(p.value()));
    }

    public Series scaled(double factor) {
        return new Series(legend, points.stream().map(p -> new Point(p.seconds(), p.value() * factor)).toList());
    }

    /** Point-wise sum of series sampled at the same times; NaN where none has a value. */
    public static Series sum(String legend, List<Series> parts) {
        List<Point> out = new ArrayList<>();
        if (parts.isEmpty()) {
            return new Series(legend, out);
        }
        for (int i = 0; i < parts.get(0).points().size(); i++) {
            double total = Double.NaN;
            for (Series s : parts) {
                double v = s.points().get(i).value();
                if (Double.isFinite(v)) {
                    total = Double.isNaN(total) ? v : total + v;
                }
            }
            out.add(new Point(parts.get(0).points().get(i).seconds(), total));
        }
        return new Series(legend, out);
    }
}
