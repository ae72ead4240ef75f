package io.dmzstream.topology.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitDriftTest {
    private static final double EPS = 1e-12;

    @Test
    void nanBeforeTheFirstCode() {
        BitDrift d = new BitDrift(new double[] {0.5, 0.5});
        assertTrue(Double.isNaN(d.drift()));
        assertEquals(0, d.codes());
    }

    @Test
    void meanAbsoluteDifferenceOfBitMeans() {
        // training: bit 0 set half the time, bit 1 never, bit 2 always, bit 3 a quarter of the time
        BitDrift d = new BitDrift(new double[] {0.5, 0.0, 1.0, 0.25});
        d.add(new float[] {1, 1, 1, 0});
        d.add(new float[] {0, 1, 1, 0});
        d.add(new float[] {1, 0, 0, 0});
        d.add(new float[] {1, 0, 1, 1});
        // live means: 0.75, 0.5, 0.75, 0.25 -> |diffs| 0.25, 0.5, 0.25, 0 -> mean 0.25
        assertEquals(0.25, d.drift(), EPS);
        assertEquals(4, d.codes());
    }

    @Test
    void zeroForCodesUsedLikeInTrainingAndOneForTheOpposite() {
        BitDrift same = new BitDrift(new double[] {1.0, 0.0, 0.5});
        same.add(new float[] {1, 0, 1});
        same.add(new float[] {1, 0, 0});
        assertEquals(0.0, same.drift(), EPS);

        BitDrift opposite = new BitDrift(new double[] {1.0, 0.0});
        opposite.add(new float[] {0, 1});
        assertEquals(1.0, opposite.drift(), EPS);
    }

    @Test
    void probabilitiesAboveOneHalfCountAsSetLikeTheTrainingStatistics() {
        BitDrift d = new BitDrift(new double[] {1.0, 0.0});
        d.add(new float[] {0.51f, 0.5f});
        assertEquals(0.0, d.drift(), EPS);
    }

    @Test
    void exactRunningMeanWithinTheHorizon() {
        Random r = new Random(3);
        double[] training = new double[16];
        for (int k = 0; k < training.length; k++) {
            training[k] = r.nextDouble();
        }
        BitDrift d = new BitDrift(training, 1000);
        double[] sums = new double[16];
        int n = 500;
        for (int i = 0; i < n; i++) {
            float[] code = new float[16];
            for (int k = 0; k < 16; k++) {
                code[k] = r.nextDouble() < 0.3 + k * 0.04 ? 1f : 0f;
                sums[k] += code[k];
            }
            d.add(code);
        }
        double expected = 0;
        for (int k = 0; k < 16; k++) {
            expected += Math.abs(sums[k] / n - training[k]);
        }
        assertEquals(expected / 16, d.drift(), 1e-9);
        assertTrue(d.drift() >= 0 && d.drift() <= 1);
    }

    @Test
    void pastTheHorizonRecentCodesDominate() {
        BitDrift d = new BitDrift(new double[] {0.0}, 100);
        for (int i = 0; i < 10_000; i++) {
            d.add(new float[] {0});
        }
        assertEquals(0.0, d.drift(), EPS);
        // inputs change: a cumulative mean would still read 0.03 after 300 codes; the horizon sees it
        for (int i = 0; i < 300; i++) {
            d.add(new float[] {1});
        }
        assertTrue(d.drift() > 0.9, "drift " + d.drift());
    }

    @Test
    void rejectsCodesOfAnotherSize() {
        BitDrift d = new BitDrift(new double[] {0.5, 0.5});
        assertThrows(IllegalArgumentException.class, () -> d.add(new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new BitDrift(new double[0]));
    }
}
