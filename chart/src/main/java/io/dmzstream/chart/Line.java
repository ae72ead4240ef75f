package io.dmzstream.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One line of a {@link LineChart}: its legend and points; a NaN y is a gap in the line. */
public record Line(String name, List<Point> points) {
    public record Point(double x, double y) {
    }

    public Line {
        points = List.copyOf(points);
    }

    /** A line through the entries of a map, x = key, in the map's order. */
    public static Line of(String name, Map<? extends Number, ? extends Number> points) {
        List<Point> out = new ArrayList<>();
        points.forEach((x, y) -> out.add(new Point(x.doubleValue(), y.doubleValue())));
        return new Line(name, out);
    }

    public boolean hasData() {
        return points.stream().anyMatch(p -> Double.isFinite(p.y()));
    }
}
