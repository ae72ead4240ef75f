package io.dmzstream.topology.metrics;

import io.dmzstream.model.serving.ModelInfo;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-health metrics from the codes the engine produces: code-bit drift against the training
 * statistics ({@code dmz_code_bit_drift}) and the label confidence histogram
 * ({@code dmz_label_confidence}), both per model. Meters appear with a model's first codes, so a
 * model that has served nothing shows no data rather than a made-up value.
 */
public final class ModelHealthMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHealthMetrics.class);
    /** Confidence buckets: probabilities, 0.05 apart (histogram_quantile needs fixed buckets in [0, 1]). */
    private static final double[] CONFIDENCE_BUCKETS = new double[20];

    static {
        for (int i = 0; i < CONFIDENCE_BUCKETS.length; i++) {
            CONFIDENCE_BUCKETS[i] = (i + 1) / 20.0;
        }
    }

    private final MeterRegistry registry;
    private final TrainingBitMeans reference;
    private final int horizon;
    private final Map<String, Optional<BitDrift>> drift = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> confidence = new ConcurrentHashMap<>();

    public ModelHealthMetrics(MeterRegistry registry, TrainingBitMeans reference, int horizon) {
        this.registry = registry;
        this.reference = reference;
        this.horizon = horizon;
    }

    /** Records a batch of codes (and label-head outputs; null rows wanted no label) of one model. */
    public void encoded(ModelInfo model, float[][] bits, float[][] classProbabilities) {
        drift.computeIfAbsent(model.name(), name -> driftFor(name, model.bits())).ifPresent(d -> {
            for (float[] code : bits) {
                d.add(code);
            }
        });
        DistributionSummary summary = null;
        for (float[] p : classProbabilities) {
            if (p == null || p.length == 0) {
                continue;
            }
            if (summary == null) {
                summary = confidence.computeIfAbsent(model.name(), this::confidenceFor);
            }
            summary.record(max(p));
        }
    }

    /** The drift tracker of a model, if it has training statistics (tests). */
    public Optional<BitDrift> drift(String model) {
        return drift.getOrDefault(model, Optional.empty());
    }

    private Optional<BitDrift> driftFor(String model, int bits) {
        Optional<double[]> means = reference.of(model);
        if (means.isEmpty()) {
            return Optional.empty();
        }
        if (means.get().length != bits) {
            LOG.warn("training statistics of {} describe {} bits, the model has {}: no code-bit drift",
                    model, means.get().length, bits);
            return Optional.empty();
        }
        BitDrift d = new BitDrift(means.get(), horizon);
        Gauge.builder(MetricNames.CODE_BIT_DRIFT, d, BitDrift::drift)
                .description("Mean absolute difference between live and training code-bit means")
                .tag(MetricNames.TAG_MODEL, model)
                .register(registry);
        return Optional.of(d);
    }

    private DistributionSummary confidenceFor(String model) {
        return DistributionSummary.builder(MetricNames.LABEL_CONFIDENCE)
                .description("Probability of the top label")
                .tag(MetricNames.TAG_MODEL, model)
                .serviceLevelObjectives(CONFIDENCE_BUCKETS)
                .register(registry);
    }

    private static double max(float[] p) {
        float best = p[0];
        for (float v : p) {
            best = Math.max(best, v);
        }
        return best;
    }
}
