package io.dmzstream.topology.testing;

import io.dmzstream.topology.metrics.MetricsPage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses a Prometheus text-format page (version 0.0.4) into samples, for asserting on /metrics. */
public final class PrometheusText {
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /** Parsed by the main code's parser (the dashboard's), so tests and the picture read /metrics alike. */
    public static PrometheusText parse(String text) {
        return new PrometheusText(MetricsPage.parse(text).samples().stream()
                .map(s -> new Sample(s.name(), s.labels(), s.value())).toList());
    }

    /** Every sample of the metric whose labels include {@code labels}. */
    public List<Sample> all(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    public List<Sample> all(String name) {
        return all(name, Map.of());
    }

    /** The value of the one sample of the metric with these labels; fails when there is none or several. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = all(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + labels + ": " + found);
        }
        return found.get(0).value();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }
}
