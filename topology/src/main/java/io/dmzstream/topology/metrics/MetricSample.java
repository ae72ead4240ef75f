package io.dmzstream.topology.metrics;

import java.util.Map;

/** One line of a Prometheus text page: metric name, labels, value. */
public record MetricSample(String name, Map<String, String> labels, double value) {
    public MetricSample {
        labels = Map.copyOf(labels);
    }

    /** The label's value, or "" when the sample has no such label (as PromQL treats a missing label). */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
