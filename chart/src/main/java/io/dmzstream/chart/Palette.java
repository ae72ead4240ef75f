package io.dmzstream.chart;

import java.awt.Color;
import java.util.List;

/** The series colours of every chart, in order (the matplotlib/Grafana "tab10" colours). */
public final class Palette {
    public static final List<Color> COLORS = List.of(new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf), new Color(0x8c564b), new Color(0xe377c2));

    private Palette() {
    }

    public static Color of(int series) {
        return COLORS.get(series % COLORS.size());
    }
}
