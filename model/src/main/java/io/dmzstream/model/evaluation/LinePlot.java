package io.dmzstream.model.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.imageio.ImageIO;

/** A small PNG line chart with a log-scaled x axis (FID against decode steps K). */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, SortedMap<Integer, Double>> series = new LinkedHashMap<>();

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot add(String name, SortedMap<Integer, Double> points) {
        if (!points.isEmpty()) {
            series.put(name, points);
        }
        return this;
    }

    public void write(Path file) throws IOException {
        int w = 640;
        int h = 420;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        List<Integer> ticks = new ArrayList<>();
        for (var s : series.values()) {
            for (var e : s.entrySet()) {
                minX = Math.min(minX, Math.log10(e.getKey()));
                maxX = Math.max(maxX, Math.log10(e.getKey()));
                maxY = Math.max(maxY, e.getValue());
                if (!ticks.contains(e.getKey())) {
                    ticks.add(e.getKey());
                }
            }
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            int y = top + ph - (int) (ph * i / 5.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + pw - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", v), 8, y + 4);
        }
        for (int k : ticks) {
            int x = left + (int) (pw * (Math.log10(k) - minX) / (maxX - minX));
            g.drawLine(x, top + ph, x, top + ph + 4);
            g.drawString(String.valueOf(k), x - 6, top + ph + 18);
        }
        g.drawString(xLabel + " (log scale)", left + pw / 2 - 50, h - 22);
        g.drawString(yLabel, 8, top - 8);
        int idx = 0;
        for (var s : series.entrySet()) {
            Color c = PALETTE[idx % PALETTE.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (var e : s.getValue().entrySet()) {
                int x = left + (int) (pw * (Math.log10(e.getKey()) - minX) / (maxX - minX));
                int y = top + ph - (int) (ph * e.getValue() / maxY);
                g.fillOval(x - 3, y - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawLine(left + pw - 190, top + 14 + 16 * idx, left + pw - 170, top + 14 + 16 * idx);
            g.setColor(Color.BLACK);
            g.drawString(s.getKey(), left + pw - 164, top + 18 + 16 * idx);
            idx++;
        }
        g.dispose();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
