package io.dmzstream.topology.testing;

import io.dmzstream.model.serving.CodePrior;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A cheap, deterministic stand-in for a learned code prior over {@link StandInModel}'s 16 bits:
 * row i's bits are coin flips from {@code seeds[i]}; a class c sets bit c (so a test can see that
 * the class reached the prior). Conditional on the ten stand-in labels unless built unconditional.
 */
public final class StandInPrior implements CodePrior {
    private final String domain;
    private final boolean conditional;

    public StandInPrior(String domain, boolean conditional) {
        this.domain = domain;
        this.conditional = conditional;
    }

    @Override
    public String name() {
        return "standin-prior-" + domain + ":0.0.1";
    }

    @Override
    public String model() {
        return "standin-" + domain + ":0.0.1";
    }

    @Override
    public int bits() {
        return StandInModel.BITS;
    }

    @Override
    public boolean conditional() {
        return conditional;
    }

    @Override
    public List<String> classes() {
        return conditional ? StandInModel.LABELS : List.of();
    }

    @Override
    public float[][] sample(int[] classes, long[] seeds) {
        float[][] out = new float[seeds.length][bits()];
        for (int i = 0; i < seeds.length; i++) {
            SplittableRandom rng = new SplittableRandom(seeds[i]);
            for (int k = 0; k < bits(); k++) {
                out[i][k] = rng.nextBoolean() ? 1f : 0f;
            }
            if (classes[i] != ANY_CLASS) {
                out[i][classes[i]] = 1f;
            }
        }
        return out;
    }

    @Override
    public double[] nllBits(float[][] codes, int[] classes) {
        double[] nll = new double[codes.length];
        Arrays.fill(nll, bits());
        return nll;
    }

    @Override
    public void close() {
    }
}
