package io.dmzstream.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Charts of one size laid out in a grid under a heading and a wrapped subheading, as one PNG
 * (a dashboard): {@code gap} pixels around and between the charts.
 */
public record ChartSheet(String heading, String subheading, int columns, int chartWidth, int chartHeight,
                         List<? extends Chart> charts) {
    public static final int GAP = 10;
    public static final int HEADER_LINE = 18;
    /** Height of the heading block above the subheading lines. */
    public static final int HEADER_TOP = 40;
    private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBHEADING = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    public ChartSheet {
        charts = List.copyOf(charts);
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1");
        }
    }

    public BufferedImage image() {
        int rows = (charts.size() + columns - 1) / columns;
        int w = GAP + columns * (chartWidth + GAP);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> lines = wrap(subheading, probe.getFontMetrics(SUBHEADING), w - 2 * GAP);
        probe.dispose();
        int header = HEADER_TOP + lines.size() * HEADER_LINE;
        int h = header + rows * (chartHeight + GAP);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xf2f3f5));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(HEADING);
        g.drawString(heading, GAP + 2, 28);
        g.setFont(SUBHEADING);
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i < lines.size(); i++) {
            g.drawString(lines.get(i), GAP + 2, 50 + i * HEADER_LINE);
        }
        for (int i = 0; i < charts.size(); i++) {
            int x = GAP + (i % columns) * (chartWidth + GAP);
            int y = header + (i / columns) * (chartHeight + GAP);
            charts.get(i).jfree().draw(g, new Rectangle2D.Double(x, y, chartWidth, chartHeight));
        }
        g.dispose();
        return img;
    }

    public void write(Path file) throws IOException {
        Chart.writePng(image(), file);
    }

    /** Breaks the text at spaces into lines that fit the width. */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
