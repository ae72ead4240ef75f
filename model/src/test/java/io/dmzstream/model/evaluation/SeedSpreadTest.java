package io.dmzstream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A FID is measured once per seed, on disjoint test slices with fresh noise, and reported as mean and range. */
class SeedSpreadTest {

    private static float[][] gaussian(int n, double shift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[n][3];
        for (float[] row : out) {
            for (int j = 0; j < 3; j++) {
                row[j] = (float) (shift + rng.nextGaussian());
            }
        }
        return out;
    }

    @Test
    void fidSpreadHasOneValuePerSeedAndItsMeanAndRange() {
        var reference = FrechetDistance.Gaussian.fit(gaussian(4000, 0, 99));
        Spread s = Spread.over(3, j -> FrechetDistance.between(FrechetDistance.Gaussian.fit(gaussian(200, 1, j)), reference));
        assertEquals(3, s.count());
        assertEquals(3, Arrays.stream(s.values()).distinct().count(), "each seed measures its own sample");
        assertEquals(Arrays.stream(s.values()).sum() / 3, s.mean(), 1e-12);
        assertEquals(Arrays.stream(s.values()).min().orElseThrow(), s.min());
        assertEquals(Arrays.stream(s.values()).max().orElseThrow(), s.max());
        assertTrue(s.min() < s.mean() && s.mean() < s.max());
        // a shift of 1 in each of 3 dimensions: |mu|^2 = 3, and each seed lands near it
        assertEquals(3.0, s.mean(), 0.6);
        assertTrue(s.format().matches("\\d+\\.\\d\\d \\(\\d+\\.\\d\\d-\\d+\\.\\d\\d\\)"), s.format());
    }

    @Test
    void aLowerFigureHoldsOnlyWhenTheRangesDoNotOverlap() {
        assertTrue(Spread.of(10, 11, 12).entirelyBelow(Spread.of(13, 14)));
        assertFalse(Spread.of(10, 11, 13).entirelyBelow(Spread.of(12.5, 14)), "overlapping ranges");
        assertEquals("7.00", Spread.of(7).format(), "one seed: no range");
    }

    @Test
    void eachSeedDecodesItsOwnTestSliceWithItsOwnNoise() {
        Set<Integer> seen = new HashSet<>();
        for (int j = 0; j < 3; j++) {
            for (int i : Evaluator.slice(10000, 2000, j)) {
                assertTrue(seen.add(i), "slices are disjoint while the pool holds them; " + i + " twice");
            }
        }
        assertEquals(6000, seen.size());
        assertEquals(0, Evaluator.slice(10000, 2000, 0)[0]);
        assertEquals(3, Evaluator.slice(5, 4, 2)[0], "a small pool wraps around: (2 * 4) mod 5");
        long[] s0 = Evaluator.noiseSeeds(100_000L, 4, 0);
        long[] s1 = Evaluator.noiseSeeds(100_000L, 4, 1);
        assertEquals(100_000L, s0[0], "seed 0 keeps the report's historical noise seeds");
        for (long a : s0) {
            for (long b : s1) {
                assertNotEquals(a, b);
            }
        }
        assertFalse(Arrays.deepEquals(Evaluator.uniformCodes(4, 8, 7), Evaluator.uniformCodes(4, 8, 8)),
                "fresh uniform codes per seed");
    }
}
