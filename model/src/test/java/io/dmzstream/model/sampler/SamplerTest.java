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

    /** The image an exact reconstruction must give back: not the data mean, not a sample. */
    private static float[] image() {
        float[] x = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            x[p] = (float) (0.8 * Math.sin(2 * p + 1));
        }
        return x;
    }

    /**
     * The ideal denoiser for Gaussian data x0 ~ N(m, s^2 I): E[eps | x_t] = b (x_t - a m) / (a^2 s^2 + b^2)
     * with a = sqrt(alphaBar), b = sqrt(1 - alphaBar). Smooth and far from zero, so DDIM inversion is
     * only as exact as its discretisation, like with a trained network.
     */
    private static final Denoiser GAUSSIAN = (x, t, codes) -> {
        double s2 = 0.16;
        float[][] eps = new float[x.length][PIXELS];
        for (int i = 0; i < x.length; i++) {
            double a = Math.sqrt(SCHEDULE.alphaBar(t[i]));
            double b = Math.sqrt(1 - SCHEDULE.alphaBar(t[i]));
            for (int p = 0; p < PIXELS; p++) {
                double m = 0.3 * Math.cos(p);
                eps[i][p] = (float) (b * (x[i][p] - a * m) / (a * a * s2 + b * b));
            }
        }
        return eps;
    };

    private static double mse(float[] a, float[] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++) {
            s += (a[p] - b[p]) * (a[p] - b[p]);
        }
        return s / a.length;
    }

    private static double exactError(SamplerKind kind, int steps) {
        var pipeline = new DecodePipeline(GAUSSIAN, new Sampler(SCHEDULE, kind, PIXELS));
        float[][] out = pipeline.reconstruct(new float[][]{image()}, new float[][]{{0f}}, steps, new long[]{1},
                ReconstructionMode.EXACT);
        return mse(out[0], image());
    }

    @Test
    void inversionThenDdimDecodeGivesTheImageBackAndConvergesWithK() {
        double k5 = exactError(SamplerKind.DDIM, 5);
        double k10 = exactError(SamplerKind.DDIM, 10);
        double k50 = exactError(SamplerKind.DDIM, 50);
        assertTrue(k10 < k5 && k50 < k10, "error must shrink with K: " + k5 + ", " + k10 + ", " + k50);
        assertTrue(k50 < 5e-3, "K = 50 exact reconstruction error " + k50);

        var semantic = new DecodePipeline(GAUSSIAN, new Sampler(SCHEDULE, SamplerKind.DDPM, PIXELS));
        double semanticError = 0;
        for (long seed = 0; seed < 20; seed++) {
            float[][] out = semantic.reconstruct(new float[][]{image()}, new float[][]{{0f}}, 10, new long[]{seed},
                    ReconstructionMode.SEMANTIC);
            semanticError += mse(out[0], image()) / 20;
        }
        assertTrue(k10 * 5 < semanticError, "exact " + k10 + " vs semantic " + semanticError + " at K = 10");
    }

    @Test
    void exactReconstructionIsDeterministicWhateverTheSamplerKindAndSeed() {
        float[][] images = {image()};
        float[][] codes = {{0f}};
        float[] ddim = new DecodePipeline(GAUSSIAN, new Sampler(SCHEDULE, SamplerKind.DDIM, PIXELS))
                .reconstruct(images, codes, 7, new long[]{1}, ReconstructionMode.EXACT)[0];
        float[] ddpm = new DecodePipeline(GAUSSIAN, new Sampler(SCHEDULE, SamplerKind.DDPM, PIXELS))
                .reconstruct(images, codes, 7, new long[]{2}, ReconstructionMode.EXACT)[0];
        assertArrayEquals(ddim, ddpm, 0f);
    }

    @Test
    void inversionClimbsTheDecodeTimestepsThenTheDecodeComesBackDown() {
        Sampler sampler = new Sampler(SCHEDULE, SamplerKind.DDIM, PIXELS);
        Trajectory t = sampler.startExact(image(), new float[]{0f}, 4);
        int[] decode = io.dmzstream.model.schedule.TimestepSpacing.trailing(1000, 4);
        assertEquals(4, t.steps());
        assertEquals(8, t.calls());
        int[] seen = new int[8];
        for (int k = 0; k < 8; k++) {
            assertEquals(k < 4, t.inverting());
            seen[k] = t.timestep();
            sampler.step(t, new float[PIXELS]);
        }
        assertTrue(t.done());
        int[] expected = {decode[3], decode[2], decode[1], decode[0], decode[0], decode[1], decode[2], decode[3]};
        assertArrayEquals(expected, seen);
        // with a zero denoiser inversion only rescales: x_T = sqrt(alphaBar(T-1)) x0, and the decode undoes it
        assertArrayEquals(image(), t.x(), 1e-4f);

        Trajectory inversion = sampler.startInversion(image(), new float[]{0f}, 4);
        while (!inversion.done()) {
            sampler.step(inversion, new float[PIXELS]);
        }
        float[] xT = inversion.x();
        double scale = Math.sqrt(SCHEDULE.alphaBar(999));
        for (int p = 0; p < PIXELS; p++) {
            assertEquals(scale * image()[p], xT[p], 1e-6);
        }
    }
}
