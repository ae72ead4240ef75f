package io.dmzstream.model.evaluation;

import io.dmzstream.model.train.ProgressBar;

/**
 * One long phase of an evaluation (a dataset's decode sweep, a sweep model, a transfer) and its
 * progress line. Work is counted in denoiser image-calls (images x steps), the unit that costs
 * time, so the rate and the ETA hold across step counts and variants.
 */
final class Phase {
    private final ProgressBar bar;
    private final long work;
    private long done;
    private boolean complete;

    Phase(String label, long work) {
        this.work = Math.max(1, work);
        this.bar = new ProgressBar(label, this.work, 0);
    }

    void advance(long amount, String figures) {
        done += amount;
        complete = done >= this.work;
        bar.update(done, figures);
    }

    /** Draws the final line, unless the last {@link #advance} already did (it completes the work). */
    void finish(String figures) {
        if (!complete) {
            bar.finish(figures);
        }
    }
}
