package io.dmzstream.model.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.schedule.NoiseSchedule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplerTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.cosine(1000);
    private static final int PIXELS = 16;

    /** The image each code stands for: a known target in [-1, 1]. */
    private static float[] target(float[] code) {
        float[] x0 = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            x0[p] = (float) Math.sin(p + 3 * code[0]) * 0.9f;
        }
        return x0;
    }

    /** A perfect denoiser: knows x0 from the code, so it returns the exact noise in x_t. */
    private static final Denoiser ORACLE = (x, t, codes) -> {
        float[][] eps = new float[x.length][PIXELS];
        for (int i = 0; i < x.length; i++) {
            float[] x0 = target(codes[i]);
            double ab = SCHEDULE.alphaBar(t[i]);
            for (int p = 0; p < PIXELS; p++) {
                eps[i][p] = (float) ((x[i][p] - Math.sqrt(ab) * x0[p]) / Math.sqrt(1 - ab));
            }
        }
        return eps;
    };

    @ParameterizedTest
    @CsvSource({"DDPM,1", "DDPM,2", "DDPM,10", "DDPM,100", "DDIM,1", "DDIM,10"})
    void perfectDenoiserRecoversTheTarget(SamplerKind kind, int steps) {
        var pipeline = new DecodePipeline(ORACLE, new Sampler(SCHEDULE, kind, PIXELS));
        float[][] codes = {{0f}, {1f}};
        float[][] out = pipeline.decode(codes, steps, new long[]{7, 8});
        for (int i = 0; i < codes.length; i++) {
            // at t = T-1 the x0 estimate divides by sqrt(alphaBar) ~ 1e-3, amplifying float32 rounding of eps
            assertArrayEquals(target(codes[i]), out[i], steps == 1 ? 1e-2f : 1e-3f, kind + " K=" + steps);
        }
    }

    @Test
    void sameSeedGivesIdenticalTrajectoriesAndOtherSeedsDiffer() {
        Denoiser zero = (x, t, z) -> new float[x.length][PIXELS];
        var pipeline = new DecodePipeline(zero, new Sampler(SCHEDULE, SamplerKind.DDPM, PIXELS));
        float[][] codes = {{0f}, {0f}, {0f}};
        float[][] a = pipeline.decode(codes, 5, new long[]{1, 1, 2});
        float[][] b = pipeline.decode(codes, 5, new long[]{1, 1, 2});
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a[i], b[i], 0f);
        }
        assertArrayEquals(a[0], a[1], 0f);
        assertFalse(Arrays.equals(a[0], a[2]));
    }

    @Test
    void trajectoryReportsItsProgressAndRefusesExtraSteps() {
        Sampler sampler = new Sampler(SCHEDULE, SamplerKind.DDPM, PIXELS);
        Trajectory t = sampler.start(new float[]{1f}, 3, 42);
        assertEquals(999, t.timestep());
        assertEquals(3, t.steps());
        for (int k = 0; k < 3; k++) {
            assertFalse(t.done());
            sampler.step(t, new float[PIXELS]);
        }
        assertTrue(t.done());
        assertThrows(IllegalStateException.class, () -> sampler.step(t, new float[PIXELS]));
    }

    @Test
    void finalStepIsClippedToTheImageRange() {
        Denoiser wild = (x, t, z) -> {
            float[][] e = new float[x.length][PIXELS];
            for (float[] r : e) {
                Arrays.fill(r, -50f);
            }
            return e;
        };
        float[][] out = new DecodePipeline(wild, new Sampler(SCHEDULE, SamplerKind.DDPM, PIXELS))
                .decode(new float[][]{{0f}}, 4, new long[]{3});
        for (float v : out[0]) {
            assertTrue(v >= -1f && v <= 1f, "out of range: " + v);
        }
    }
}
