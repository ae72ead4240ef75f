package io.dmzstream.model.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    private static double f(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    @Test
    void cosineAlphaBarTelescopesToTheClosedForm() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        assertEquals(1000, s.timesteps());
        // the product of (1 - beta) telescopes to f((t+1)/T) / f(0) wherever no beta was clipped
        for (int t : new int[]{0, 1, 10, 250, 500, 750, 900}) {
            assertEquals(f((t + 1) / 1000.0) / f(0), s.alphaBar(t), 1e-9, "t=" + t);
        }
    }

    @Test
    void cosineIsMonotoneAndSpansNearlyCleanToPureNoise() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        assertTrue(s.alphaBar(0) > 0.9999, "first step is almost clean: " + s.alphaBar(0));
        assertTrue(s.alphaBar(999) < 1e-6, "last step is almost pure noise: " + s.alphaBar(999));
        for (int t = 1; t < 1000; t++) {
            assertTrue(s.alphaBar(t) < s.alphaBar(t - 1), "alphaBar must decrease at t=" + t);
            assertTrue(s.beta(t) > 0 && s.beta(t) <= 0.999, "beta in (0, 0.999] at t=" + t);
        }
    }

    @Test
    void linearMatchesHoEtAlEndpoints() {
        NoiseSchedule s = NoiseSchedule.linear(1000);
        assertEquals(1e-4, s.beta(0), 1e-12);
        assertEquals(0.02, s.beta(999), 1e-12);
    }

    @Test
    void rejectsNonPositiveTimesteps() {
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.cosine(0));
    }

    @Test
    void trailingSpacingStartsAtTheNoisiestStep() {
        assertArrayEquals(new int[]{999}, TimestepSpacing.trailing(1000, 1));
        assertArrayEquals(new int[]{999, 499}, TimestepSpacing.trailing(1000, 2));
        int[] ten = TimestepSpacing.trailing(1000, 10);
        assertEquals(10, ten.length);
        assertEquals(999, ten[0]);
        assertEquals(99, ten[9]);
        int[] all = TimestepSpacing.trailing(1000, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(999 - i, all[i]);
        }
        for (int k : new int[]{3, 7, 50, 333, 999}) {
            int[] steps = TimestepSpacing.trailing(1000, k);
            for (int i = 1; i < k; i++) {
                assertTrue(steps[i] < steps[i - 1], "strictly decreasing for K=" + k);
            }
            assertTrue(steps[k - 1] >= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.trailing(1000, 0));
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.trailing(1000, 1001));
    }
}
