package io.dmzstream.tools.dashboard;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The dashboard as one PNG: a heading, then the panels in a grid, two per row like the Grafana layout. */
public record DashboardImage(String heading, String subheading, List<Panel> panels, List<Marker> markers,
                             double endSeconds) {
    private static final int COLUMNS = 2;
    private static final int PANEL_W = 640;
    private static final int PANEL_H = 330;
    private static final int GAP = 10;
    private static final int HEADER_LINE = 18;
    private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBHEADING = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    public void write(Path file) throws IOException {
        int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        int w = GAP + COLUMNS * (PANEL_W + GAP);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> lines = wrap(subheading, probe.getFontMetrics(SUBHEADING), w - 2 * GAP);
        probe.dispose();
        int header = 40 + lines.size() * HEADER_LINE;
        int h = header + rows * (PANEL_H + GAP);
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
        TimeSeriesPanel renderer = new TimeSeriesPanel(endSeconds, markers);
        for (int i = 0; i < panels.size(); i++) {
            int x = GAP + (i % COLUMNS) * (PANEL_W + GAP);
            int y = header + (i / COLUMNS) * (PANEL_H + GAP);
            renderer.draw(g, new Rectangle(x, y, PANEL_W, PANEL_H), panels.get(i));
        }
        g.dispose();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(img, "png", file.toFile());
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
