package io.dmzstream.model.evaluation;

import io.dmzstream.model.train.ProgressBar;

/**
 * One long phase of an evaluation (a dataset's decode sweep, a sweep model, a transfer) and its
 * progress line. Work is counted in denoiser image-calls (images x steps), the unit that costs
 * time, so the rate and the ETA hold across step counts and variants.
 */
final class Phase {
    private final ProgressBar bar;
    private long done;

    Phase(String label, long work) {
        this.bar = new ProgressBar(label, Math.max(1, work), 0);
    }

    void advance(long work, String figures) {
        done += work;
        bar.update(done, figures);
    }

    void finish(String figures) {
        bar.finish(figures);
    }
}
