package io.dmzstream.topology.metrics;

import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.output.OutputListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records what leaves the topology: outputs per kind ({@code dmz_outputs_total}), input-to-output
 * latency per kind ({@code dmz_end_to_end_latency_seconds}) and dead letters by stage and reason
 * ({@code dmz_dead_letters_total}). Output meters of every kind exist from the start (0, not no
 * data); dead-letter counters appear with their first reason.
 */
public final class OutputMetrics implements OutputListener {
    private final MeterRegistry registry;
    private final Map<Product, Counter> outputs = new EnumMap<>(Product.class);
    private final Map<Product, Timer> latency = new EnumMap<>(Product.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public OutputMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Product kind : Product.values()) {
            String tag = kind.name().toLowerCase(Locale.ROOT);
            outputs.put(kind, Counter.builder(MetricNames.OUTPUTS)
                    .description("Outputs forwarded to their topic (visible to read_committed consumers on commit)")
                    .tag(MetricNames.TAG_KIND, tag)
                    .register(registry));
            latency.put(kind, Timer.builder(MetricNames.END_TO_END)
                    .description("Input record timestamp to output forwarded")
                    .tag(MetricNames.TAG_KIND, tag)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
        }
    }

    @Override
    public void forwarded(Product kind, long inputTimestampMs) {
        outputs.get(kind).increment();
        // producer clocks may run ahead of ours: a negative latency is recorded as 0
        latency.get(kind).record(Math.max(0, System.currentTimeMillis() - inputTimestampMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void deadLettered(String stage, String reason) {
        deadLetters.computeIfAbsent(stage + '\n' + reason, k -> Counter.builder(MetricNames.DEAD_LETTERS)
                .description("Inputs sent to the dead-letter topic")
                .tag(MetricNames.TAG_STAGE, stage)
                .tag(MetricNames.TAG_REASON, reason)
                .register(registry)).increment();
    }
}
