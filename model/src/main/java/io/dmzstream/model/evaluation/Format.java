package io.dmzstream.model.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedMap;

/** How the report writes numbers: one place, so the markdown and the JSON of every section agree. */
final class Format {
    private Format() {
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2f%%", 100 * v);
    }

    static String num(Double v) {
        return v == null || v.isNaN() ? "-" : String.format("%.2f", v);
    }

    static String fid(Spread s) {
        return s == null ? "-" : s.format();
    }

    /** Percentages of a spread: mean, and the range when there is more than one seed. */
    static String pct(Spread s) {
        if (s == null) {
            return "-";
        }
        return s.count() == 1 ? pct(s.mean()) : pct(s.mean()) + " (" + pct(s.min()) + "-" + pct(s.max()) + ")";
    }

    /** JSON has no NaN: a figure that was not measured is null. */
    static void put(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    static void put(ObjectNode node, SortedMap<Integer, Double> values) {
        values.forEach((k, v) -> put(node, String.valueOf(k), v));
    }

    /** K -> mean of each spread. */
    static void putMeans(ObjectNode node, SortedMap<Integer, Spread> values) {
        values.forEach((k, v) -> put(node, String.valueOf(k), v.mean()));
    }

    /** K -> {mean, min, max, per_seed}. */
    static void putSpreads(ObjectNode node, SortedMap<Integer, Spread> values) {
        values.forEach((k, v) -> {
            ObjectNode s = node.putObject(String.valueOf(k));
            put(s, "mean", v.mean());
            put(s, "min", v.min());
            put(s, "max", v.max());
            var per = s.putArray("per_seed");
            v.perSeed().forEach(per::add);
        });
    }
}
