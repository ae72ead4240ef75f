package io.dmzstream.tools.dashboard;

import java.util.List;

/**
 * One time-series panel: its title, the unit of its y axis, what it shows (one line of
 * docs/dashboard.md) and its series; series without any value are left out, as Grafana hides them.
 */
public record Panel(String title, String unit, String description, List<Series> series) {
    public Panel {
        series = series.stream().filter(Series::hasData).toList();
    }
}
