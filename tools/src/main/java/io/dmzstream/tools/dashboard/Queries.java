package io.dmzstream.tools.dashboard;

import io.dmzstream.topology.metrics.MetricsPage;
import io.dmzstream.topology.metrics.MetricSample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The few PromQL shapes the dashboard needs, evaluated over a run's scrapes. A rate at scrape i is
 * taken from scrape i - window (or the first) to scrape i, as Grafana's {@code $__rate_interval}
 * spans several scrapes; without that, an event every 2.5 s scraped every 2 s reads as 0, 0.5, 0.5,
 * 0, ... A series missing from the earlier scrape counts from 0, because Micrometer registers
 * counters such as dead letters only on their first increment.
 */
public record Queries(List<Scrape> scrapes, int window) {
    public Queries {
        scrapes = List.copyOf(scrapes);
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 scrape interval");
        }
    }

    /** {@code combine by (key) (name{filter})} at every scrape, e.g. max by (partition). */
    public List<Series> instant(String name, Predicate<MetricSample> filter, Function<MetricSample, String> key,
                                DoubleBinaryOperator combine) {
        List<Scrape> all = scrapes;
        List<Map<String, Double>> grouped = all.stream().map(s -> group(s.page(), name, filter, key, combine)).toList();
        return assemble(all, grouped, 0);
    }

    /** {@code sum by (key) (rate(name{filter}))}, per window. */
    public List<Series> rate(String name, Predicate<MetricSample> filter, Function<MetricSample, String> key) {
        List<Scrape> all = scrapes;
        List<Map<String, Double>> rates = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            Scrape from = all.get(Math.max(0, i - window));
            Map<String, Double> before = group(from.page(), name, filter, key, Double::sum);
            Map<String, Double> after = group(all.get(i).page(), name, filter, key, Double::sum);
            double dt = all.get(i).seconds() - from.seconds();
            Map<String, Double> r = new HashMap<>();
            after.forEach((k, v) -> r.put(k, Math.max(0, v - before.getOrDefault(k, 0.0)) / dt));
            rates.add(r);
        }
        return assemble(all, rates, 1);
    }

    /**
     * {@code sum by (key) (rate(numerator)) / sum by (key) (rate(denominator))}: the mean of a
     * summary or histogram per window (sum over count); NaN for a window without observations.
     */
    public List<Series> ratio(String numerator, String denominator, Predicate<MetricSample> filter,
                              Function<MetricSample, String> key) {
        List<Series> top = rate(numerator, filter, key);
        Map<String, Series> bottom = new HashMap<>();
        rate(denominator, filter, key).forEach(s -> bottom.put(s.legend(), s));
        List<Series> out = new ArrayList<>();
        for (Series s : top) {
            Series d = bottom.get(s.legend());
            List<Series.Point> points = new ArrayList<>();
            for (int i = 0; i < s.points().size(); i++) {
                double den = d == null ? 0 : d.points().get(i).value();
                points.add(new Series.Point(s.points().get(i).seconds(),
                        den > 0 ? s.points().get(i).value() / den : Double.NaN));
            }
            out.add(new Series(s.legend(), points));
        }
        return out;
    }

    /** {@code histogram_quantile(q, sum by (key, le) (rate(bucketName{filter})))}, per window. */
    public List<Series> quantile(double q, String bucketName, Predicate<MetricSample> filter,
                                 Function<MetricSample, String> key) {
        List<Scrape> all = scrapes;
        List<Map<String, Double>> quantiles = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            Map<String, Map<Double, Double>> before = buckets(all.get(Math.max(0, i - window)).page(), bucketName,
                    filter, key);
            Map<String, Map<Double, Double>> after = buckets(all.get(i).page(), bucketName, filter, key);
            Map<String, Double> out = new HashMap<>();
            after.forEach((k, counts) -> {
                Map<Double, Double> delta = new TreeMap<>();
                Map<Double, Double> earlier = before.getOrDefault(k, Map.of());
                counts.forEach((le, c) -> delta.put(le, Math.max(0, c - earlier.getOrDefault(le, 0.0))));
                out.put(k, HistogramQuantile.of(q, delta));
            });
            quantiles.add(out);
        }
        return assemble(all, quantiles, 1);
    }

    private static Map<String, Double> group(MetricsPage page, String name, Predicate<MetricSample> filter,
                                             Function<MetricSample, String> key, DoubleBinaryOperator combine) {
        Map<String, Double> out = new HashMap<>();
        for (MetricSample s : page.all(name)) {
            if (filter.test(s)) {
                out.merge(key.apply(s), s.value(), combine::applyAsDouble);
            }
        }
        return out;
    }

    private static Map<String, Map<Double, Double>> buckets(MetricsPage page, String name,
                                                            Predicate<MetricSample> filter,
                                                            Function<MetricSample, String> key) {
        Map<String, Map<Double, Double>> out = new HashMap<>();
        for (MetricSample s : page.all(name)) {
            if (filter.test(s) && !s.label("le").isEmpty()) {
                double le = s.label("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.label("le"));
                out.computeIfAbsent(key.apply(s), k -> new TreeMap<>()).merge(le, s.value(), Double::sum);
            }
        }
        return out;
    }

    /** One series per key seen anywhere, sorted by key; {@code values.get(i)} belongs to scrape i + offset. */
    private static List<Series> assemble(List<Scrape> all, List<Map<String, Double>> values, int offset) {
        TreeSet<String> keys = new TreeSet<>();
        values.forEach(m -> keys.addAll(m.keySet()));
        List<Series> out = new ArrayList<>();
        for (String k : keys) {
            List<Series.Point> points = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                points.add(new Series.Point(all.get(i + offset).seconds(), values.get(i).getOrDefault(k, Double.NaN)));
            }
            out.add(new Series(k, points));
        }
        return out;
    }
}
