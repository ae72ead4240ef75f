package io.dmzstream.model.schedule;

import java.util.Arrays;

/**
 * Which K of the T training timesteps a K-step sampler visits (respacing).
 *
 * <p>"Trailing" spacing always starts at the noisiest step T-1, so even K = 1 begins from pure
 * noise; the leading/even spacing of guided-diffusion would start K = 1 at t = 0 and produce noise.
 */
public final class TimestepSpacing {
    private TimestepSpacing() {
    }

    /** K timesteps in descending order, the first being T-1. */
    public static int[] trailing(int trainingSteps, int samplingSteps) {
        if (samplingSteps < 1 || samplingSteps > trainingSteps) {
            throw new IllegalArgumentException(
                    "sampling steps must be in [1, " + trainingSteps + "], got " + samplingSteps);
        }
        int[] steps = new int[samplingSteps];
        double stride = (double) trainingSteps / samplingSteps;
        for (int i = 0; i < samplingSteps; i++) {
            steps[i] = (int) Math.round(trainingSteps - i * stride) - 1;
        }
        // rounding can only collide for K close to T; keep the sequence strictly decreasing
        for (int i = 1; i < samplingSteps; i++) {
            if (steps[i] >= steps[i - 1]) {
                steps[i] = steps[i - 1] - 1;
            }
        }
        if (steps[samplingSteps - 1] < 0) {
            throw new IllegalStateException("spacing underflow: " + Arrays.toString(steps));
        }
        return steps;
    }
}
