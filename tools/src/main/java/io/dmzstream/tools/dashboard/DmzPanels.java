package io.dmzstream.tools.dashboard;

import io.dmzstream.topology.metrics.MetricSample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The panels of ops/grafana/dashboards/dmz-stream.json that a single instance's run can show,
 * evaluated over the scrapes with the same queries.
 */
public final class DmzPanels {
    private DmzPanels() {
    }

    /** @param inputTopic the input topic, e.g. dmz.images (Kafka reports it both as is and with _ for .) */
    public static List<Panel> of(Queries history, String inputTopic) {
        Predicate<MetricSample> any = s -> true;
        List<Panel> panels = new ArrayList<>();

        panels.add(new Panel("Outputs / s by kind", "outputs/s",
                "outputs forwarded per second, by kind: sum by (kind) (rate(dmz_outputs_total))",
                history.rate("dmz_outputs_total", any, s -> s.label("kind"))));

        // each partition is reported twice (topic "dmz.images" and "dmz_images"): max by partition, then sum
        Predicate<MetricSample> input = s -> s.label("topic").equals(inputTopic)
                || s.label("topic").equals(inputTopic.replace('.', '_'));
        List<Series> partitions = history.instant("kafka_consumer_fetch_manager_records_lag_max", input,
                s -> "partition " + s.label("partition"), Math::max);
        List<Series> lag = new ArrayList<>();
        lag.add(Series.sum("total", partitions));
        lag.addAll(partitions);
        panels.add(new Panel("Consumer lag (input topic)", "records",
                "records behind on " + inputTopic + ": sum (max by (partition) "
                        + "(kafka_consumer_fetch_manager_records_lag_max)), and each partition", lag));

        panels.add(new Panel("Batch size by lane (mean)", "rows per device call",
                "mean rows per device call, by engine lane: rate(dmz_engine_batch_size_sum) / "
                        + "rate(dmz_engine_batch_size_count)",
                history.ratio("dmz_engine_batch_size_sum", "dmz_engine_batch_size_count", any,
                        s -> "mean " + s.label("lane"))));

        List<Series> latency = new ArrayList<>();
        for (double q : new double[]{0.5, 0.99}) {
            String p = q == 0.5 ? "p50 " : "p99 ";
            history.quantile(q, "dmz_end_to_end_latency_seconds_bucket", any, s -> p + s.label("kind"))
                    .forEach(s -> latency.add(s.scaled(1000)));
        }
        panels.add(new Panel("End-to-end latency by kind", "ms",
                "input record timestamp to output forwarded, p50 and p99 by kind: "
                        + "histogram_quantile over dmz_end_to_end_latency_seconds_bucket deltas", latency));

        panels.add(new Panel("Dead letters / s by reason", "records/s",
                "inputs sent to the dead-letter topic per second: "
                        + "sum by (stage, reason) (rate(dmz_dead_letters_total))",
                history.rate("dmz_dead_letters_total", any, s -> s.label("stage") + " / " + s.label("reason"))));

        panels.add(new Panel("Code-bit drift by model", "mean |live - training| bit usage",
                "drift of code-bit usage against the model manifest's training statistics: max by (model) "
                        + "(dmz_code_bit_drift)",
                history.instant("dmz_code_bit_drift", any, s -> s.label("model"), Math::max)));

        List<Series> confidence = new ArrayList<>(history.ratio("dmz_label_confidence_sum",
                "dmz_label_confidence_count", any, s -> "mean " + s.label("model")));
        confidence.addAll(history.quantile(0.1, "dmz_label_confidence_bucket", any, s -> "p10 " + s.label("model")));
        panels.add(new Panel("Label confidence by model", "probability of the top label",
                "probability of the top label, mean (rate of _sum / rate of _count) and p10 "
                        + "(histogram_quantile over dmz_label_confidence_bucket deltas)", confidence));

        panels.add(new Panel("Requests in flight", "requests",
                "requests submitted to the engine and not completed: sum (dmz_requests_in_flight)",
                history.instant("dmz_requests_in_flight", any, s -> "in flight", Double::sum)));
        return panels;
    }
}
