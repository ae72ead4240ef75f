package io.dmzstream.model.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar for long jobs: done/total, rate, ETA and a few named figures. Redraws in
 * place on a terminal; elsewhere (CI logs, files) prints a plain line every {@code logEvery}.
 */
public final class ProgressBar {
    private static final int WIDTH = 28;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final long startDone;
    private final Duration logEvery;
    private long lastDraw;

    public ProgressBar(String label, long total, long alreadyDone) {
        this(label, total, alreadyDone, System.err, System.console() != null, Duration.ofSeconds(30));
    }

    public ProgressBar(String label, long total, long alreadyDone, PrintStream out, boolean interactive, Duration logEvery) {
        this.label = label;
        this.total = total;
        this.startDone = alreadyDone;
        this.out = out;
        this.interactive = interactive;
        this.logEvery = logEvery;
    }

    /** Reports progress; draws at most a few times a second (or every {@code logEvery} when not interactive). */
    public void update(long done, String figures) {
        long now = System.nanoTime();
        long gap = interactive ? 250_000_000L : logEvery.toNanos();
        if (done < total && now - lastDraw < gap) {
            return;
        }
        lastDraw = now;
        double rate = rate(done, now);
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : -1;
        draw(done, "ETA " + (etaSeconds < 0 ? "--:--" : format(etaSeconds)), figures, done >= total);
    }

    /** The last line of a job that ran to its end. */
    public void finish(String figures) {
        finish(total, figures);
    }

    /** The last line of a job that stopped at {@code done} (a time budget, early stopping): it shows where. */
    public void finish(long done, String figures) {
        draw(done, done < total ? "stopped" : "done", figures, true);
    }

    private double rate(long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        return seconds > 0 ? (done - startDone) / seconds : 0;
    }

    private void draw(long done, String when, String figures, boolean last) {
        int filled = total > 0 ? (int) (WIDTH * Math.min(done, total) / total) : WIDTH;
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
        String line = String.format("%s [%s] %d/%d %.2f it/s %s %s", label, bar, done, total,
                rate(done, System.nanoTime()), when, figures);
        if (interactive) {
            out.print("\r" + line);
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String format(long seconds) {
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
                : String.format("%02d:%02d", seconds / 60, seconds % 60);
    }
}
