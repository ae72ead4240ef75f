package io.dmzstream.model.evaluation;

/**
 * Frechet distance between Gaussians fitted to two feature sets:
 * ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1 C2)^(1/2)).
 *
 * <p>The trace of the matrix square root is computed as the sum of square roots of the eigenvalues
 * of C1^(1/2) C2 C1^(1/2), which is symmetric positive semi-definite, so a Jacobi eigen solver is
 * enough and no general matrix square root is needed.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** A fitted Gaussian: mean and covariance of a feature set. */
    public record Gaussian(double[] mean, double[][] covariance) {
        public static Gaussian fit(float[][] features) {
            int n = features.length;
            int d = features[0].length;
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 samples, got " + n);
            }
            double[] mean = new double[d];
            for (float[] f : features) {
                for (int j = 0; j < d; j++) {
                    mean[j] += f[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (float[] f : features) {
                for (int j = 0; j < d; j++) {
                    c[j] = f[j] - mean[j];
                }
                for (int a = 0; a < d; a++) {
                    double ca = c[a];
                    for (int b = a; b < d; b++) {
                        cov[a][b] += ca * c[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] /= n - 1;
                    cov[b][a] = cov[a][b];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    public static double between(float[][] a, float[][] b) {
        return between(Gaussian.fit(a), Gaussian.fit(b));
    }

    public static double between(Gaussian g1, Gaussian g2) {
        int d = g1.mean().length;
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = g1.mean()[j] - g2.mean()[j];
            meanTerm += diff * diff;
        }
        double[][] s1 = sqrtPsd(g1.covariance());
        double[][] m = multiply(multiply(s1, g2.covariance()), s1);
        double traceSqrt = 0;
        for (double ev : SymmetricEigen.values(m)) {
            traceSqrt += Math.sqrt(Math.max(ev, 0));
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += g1.covariance()[j][j] + g2.covariance()[j][j];
        }
        return Math.max(0, meanTerm + trace - 2 * traceSqrt);
    }

    /** Square root of a symmetric PSD matrix through its eigen decomposition. */
    static double[][] sqrtPsd(double[][] a) {
        SymmetricEigen e = SymmetricEigen.of(a);
        int d = a.length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double s = Math.sqrt(Math.max(e.values()[k], 0));
            for (int i = 0; i < d; i++) {
                double vik = e.vectors()[i][k] * s;
                for (int j = 0; j < d; j++) {
                    out[i][j] += vik * e.vectors()[j][k];
                }
            }
        }
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int k = b.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                if (aip == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    out[i][j] += aip * b[p][j];
                }
            }
        }
        return out;
    }
}
