package io.dmzstream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.export.CodeStatistics;
import io.dmzstream.model.train.LabelHeadTrainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The evaluation's metrics, checked on inputs whose answers are known in closed form. */
class MetricsTest {

    private static float[][] gaussian(int n, double[] mean, double[] std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = (float) (mean[j] + std[j] * rng.nextGaussian());
            }
        }
        return out;
    }

    @Test
    void frechetDistanceOfASetWithItselfIsZero() {
        float[][] a = gaussian(2000, new double[]{1, -2, 0.5, 3}, new double[]{1, 2, 0.5, 1.5}, 1);
        assertEquals(0.0, FrechetDistance.between(a, a), 1e-6);
    }

    @Test
    void frechetDistanceOfTwoGaussiansMatchesTheClosedForm() {
        // diagonal covariances: d^2 = |mu1 - mu2|^2 + sum (s1 - s2)^2
        var g1 = new FrechetDistance.Gaussian(new double[]{0, 0, 0}, new double[][]{{1, 0, 0}, {0, 4, 0}, {0, 0, 9}});
        var g2 = new FrechetDistance.Gaussian(new double[]{1, 2, 0}, new double[][]{{4, 0, 0}, {0, 1, 0}, {0, 0, 9}});
        assertEquals(5 + 1 + 1 + 0, FrechetDistance.between(g1, g2), 1e-9);
        // a full covariance against itself rotated: same spectrum, zero mean shift
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] rot = {{c, -s}, {s, c}};
        double[][] cov = {{3, 1}, {1, 2}};
        double[][] rotated = FrechetDistance.multiply(FrechetDistance.multiply(rot, cov), new double[][]{{c, s}, {-s, c}});
        double expected = 3 + 2 + rotated[0][0] + rotated[1][1] - 2 * traceSqrtOfProduct(cov, rotated);
        var a = new FrechetDistance.Gaussian(new double[]{0, 0}, cov);
        var b = new FrechetDistance.Gaussian(new double[]{0, 0}, rotated);
        assertEquals(expected, FrechetDistance.between(a, b), 1e-9);
        assertTrue(FrechetDistance.between(a, b) > 0);
    }

    /** Tr sqrt(A B) for 2x2 matrices via the eigenvalues of A B (real and positive for SPD A, B). */
    private static double traceSqrtOfProduct(double[][] a, double[][] b) {
        double[][] m = FrechetDistance.multiply(a, b);
        double tr = m[0][0] + m[1][1];
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        double disc = Math.sqrt(tr * tr / 4 - det);
        return Math.sqrt(tr / 2 + disc) + Math.sqrt(tr / 2 - disc);
    }

    @Test
    void sampledFrechetDistanceApproachesTheTruth() {
        float[][] a = gaussian(20000, new double[]{0, 0}, new double[]{1, 1}, 2);
        float[][] b = gaussian(20000, new double[]{3, 0}, new double[]{2, 1}, 3);
        // |mu|^2 = 9, (1 - 2)^2 = 1, (1 - 1)^2 = 0
        assertEquals(10.0, FrechetDistance.between(a, b), 0.3);
    }

    @Test
    void linearProbeSeparatesSeparableClassesPerfectly() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 3000;
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (0.1 * rng.nextDouble());
            }
            x[i][y[i]] += 1f;
        }
        var fit = new LabelHeadTrainer(0, 3, 30, 0.05f, 1).fit(x, y, x, y);
        assertEquals(1.0, fit.testAccuracy(), 0.0);
    }

    @Test
    void codeStatisticsCountBitsAndCodes() {
        float[][] p = {{0.9f, 0.1f, 0.8f}, {0.9f, 0.2f, 0.3f}, {0.7f, 0.4f, 0.9f}, {0.6f, 0.3f, 0.1f}};
        CodeStatistics s = CodeStatistics.of(p);
        assertEquals(2, s.constantBits());   // bit 0 always 1, bit 1 always 0
        assertEquals(2, s.distinctCodes());  // 101 and 100
        assertEquals(1.0, s.bitMeans()[0]);
        assertEquals(0.5, s.bitMeans()[2]);
        assertEquals(1.0 / 3, s.meanBitEntropy(), 1e-9);
    }
}
