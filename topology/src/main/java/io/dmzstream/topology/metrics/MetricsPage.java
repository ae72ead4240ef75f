package io.dmzstream.topology.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scraped /metrics page (read back by the dashboard renderer and the tests) in the Prometheus text format (version 0.0.4): its samples, comments and
 * timestamps dropped. Label values may hold escaped quotes, backslashes and newlines.
 */
public record MetricsPage(List<MetricSample> samples) {
    public MetricsPage {
        samples = List.copyOf(samples);
    }

    public static MetricsPage parse(String text) {
        List<MetricSample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                out.add(sample(trimmed));
            }
        }
        return new MetricsPage(out);
    }

    /** Every sample of the metric whose labels include {@code labels}. */
    public List<MetricSample> all(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    public List<MetricSample> all(String name) {
        return all(name, Map.of());
    }

    private static MetricSample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            return new MetricSample(line.substring(0, space), Map.of(), value(line.substring(space)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (true) {
            while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
                i++;
            }
            if (line.charAt(i) == '}') {
                break;
            }
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            int j = line.indexOf('"', eq) + 1;
            StringBuilder value = new StringBuilder();
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
        return new MetricSample(line.substring(0, brace).strip(), labels, value(line.substring(i + 1)));
    }

    /** The value field; an optional timestamp after it is ignored. */
    private static double value(String rest) {
        String v = rest.strip().split("\\s+")[0];
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}
