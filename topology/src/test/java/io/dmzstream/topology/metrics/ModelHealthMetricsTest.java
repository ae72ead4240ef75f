package io.dmzstream.topology.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.ModelInfo;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelHealthMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static ModelInfo model(String name, int bits) {
        return new ModelInfo(name, "1.0.0", "mnist", 28, 28, 1, bits, 1000, NoiseSchedule.Kind.COSINE, List.of());
    }

    @Test
    void driftGaugePerModelFromItsCodes() {
        ModelHealthMetrics health = new ModelHealthMetrics(registry,
                new TrainingBitMeans(Map.of("m", new double[] {0.5, 0.5})), 1000);
        assertNull(registry.find(MetricNames.CODE_BIT_DRIFT).gauge(), "no codes yet: no data, not a made-up value");
        health.encoded(model("m", 2), new float[][] {{1, 1}, {1, 0}}, new float[][] {null, null});
        Gauge drift = registry.find(MetricNames.CODE_BIT_DRIFT).tag(MetricNames.TAG_MODEL, "m").gauge();
        // live means 1.0 and 0.5 against 0.5 and 0.5
        assertEquals(0.25, drift.value(), 1e-12);
        health.encoded(model("m", 2), new float[][] {{0, 1}, {0, 0}}, new float[][] {null, null});
        assertEquals(0.0, drift.value(), 1e-12);
    }

    @Test
    void noDriftWithoutStatisticsOrForAnotherCodeSize() {
        ModelHealthMetrics health = new ModelHealthMetrics(registry,
                new TrainingBitMeans(Map.of("three", new double[] {0.5, 0.5, 0.5})), 1000);
        health.encoded(model("unknown", 2), new float[][] {{1, 1}}, new float[][] {null});
        health.encoded(model("three", 2), new float[][] {{1, 1}}, new float[][] {null});
        assertNull(registry.find(MetricNames.CODE_BIT_DRIFT).gauge());
        assertTrue(health.drift("three").isEmpty());
    }

    @Test
    void labelConfidenceIsTheTopProbabilityOfRowsThatWantedALabel() {
        ModelHealthMetrics health = new ModelHealthMetrics(registry, TrainingBitMeans.none(), 1000);
        health.encoded(model("m", 1), new float[][] {{1}, {0}, {1}},
                new float[][] {{0.1f, 0.7f, 0.2f}, null, {0.9f, 0.05f, 0.05f}});
        DistributionSummary confidence = registry.find(MetricNames.LABEL_CONFIDENCE)
                .tag(MetricNames.TAG_MODEL, "m").summary();
        assertEquals(2, confidence.count());
        assertEquals(1.6, confidence.totalAmount(), 1e-6);
        assertEquals(0.9, confidence.max(), 1e-6);
    }
}
