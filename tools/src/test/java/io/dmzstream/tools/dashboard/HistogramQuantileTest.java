package io.dmzstream.tools.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers worked by hand with Prometheus's rules (bucketQuantile in promql/quantile.go). */
class HistogramQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    // 10 observations <= 0.1, 20 in (0.1, 0.2], 60 in (0.2, 0.5], 10 above 0.5
    private static final Map<Double, Double> BUCKETS = Map.of(0.1, 10.0, 0.2, 30.0, 0.5, 90.0, INF, 100.0);

    @Test
    void interpolatesInsideTheBucketTheRankFallsIn() {
        assertEquals(0.05, HistogramQuantile.of(0.05, BUCKETS), 1e-12, "rank 5 of 10 in [0, 0.1]");
        assertEquals(0.15, HistogramQuantile.of(0.2, BUCKETS), 1e-12, "rank 20: 10 into the 20 of (0.1, 0.2]");
        assertEquals(0.3, HistogramQuantile.of(0.5, BUCKETS), 1e-12, "rank 50: 20 into the 60 of (0.2, 0.5]");
        assertEquals(0.5, HistogramQuantile.of(0.9, BUCKETS), 1e-12, "rank 90: the top of (0.2, 0.5]");
    }

    @Test
    void aRankInTheInfBucketAnswersTheHighestFiniteBound() {
        assertEquals(0.5, HistogramQuantile.of(0.99, BUCKETS), 1e-12);
    }

    @Test
    void noObservationsOrNoInfBucketIsNaN() {
        assertTrue(Double.isNaN(HistogramQuantile.of(0.5, Map.of(0.1, 0.0, INF, 0.0))));
        assertTrue(Double.isNaN(HistogramQuantile.of(0.5, Map.of(0.1, 3.0, 0.2, 5.0))));
    }

    @Test
    void tornScrapesAreMadeMonotonic() {
        // 2.0's count below 1.0's is read as 5 (nothing in (1, 2]), as Prometheus does
        assertEquals(1.0, HistogramQuantile.of(0.5, Map.of(1.0, 5.0, 2.0, 4.0, INF, 10.0)), 1e-12);
    }

    @Test
    void rejectsAQuantileOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> HistogramQuantile.of(1.5, BUCKETS));
    }
}
