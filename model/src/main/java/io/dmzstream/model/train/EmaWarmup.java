package io.dmzstream.model.train;

/**
 * Decay of the exported weight average at a given optimiser step: {@code min(max, (1 + step) / (10 + step))}.
 *
 * <p>Why: the shadow weights start as the random initial weights. With a fixed decay of 0.999 they
 * still hold 0.999^1000 = 37% of that noise after 1000 steps, so a short run (a sweep, a smoke test)
 * exported mostly noise. The warm-up lets the average follow the weights early and only reaches the
 * configured decay once there is enough history to average over.
 */
public record EmaWarmup(float max) {
    /** The rule as written into manifests and reports. */
    public static final String FORMULA = "min(ema_decay, (1 + step) / (10 + step))";

    public EmaWarmup {
        if (!(max >= 0f && max < 1f)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), was " + max);
        }
    }

    /** Decay applied by the update that follows optimiser step {@code step} (0-based). */
    public float decayAt(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        return (float) Math.min(max, (1.0 + step) / (10.0 + step));
    }
}
