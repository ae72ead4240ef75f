package io.dmzstream.topology.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Faults outside the engine: stream threads replaced after they died ({@code dmz_task_failures_total}),
 * input partitions stalled ({@code dmz_partitions_stalled}) and failed schema-registry requests
 * ({@code dmz_registry_errors_total}, by kind). Thread-safe.
 */
public final class FaultMetrics {
    /** Kinds of registry error that exist from the start (others are added as reported). */
    public static final List<String> REGISTRY_ERROR_KINDS = List.of("unavailable", "unauthorized", "not_found");

    private final MeterRegistry registry;
    private final Counter taskFailures;
    private final Map<String, Counter> registryErrors = new ConcurrentHashMap<>();

    FaultMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.taskFailures = Counter.builder(MetricNames.TASK_FAILURES)
                .description("Stream threads that died and were replaced (a task failed)")
                .register(registry);
        REGISTRY_ERROR_KINDS.forEach(this::registryCounter);
    }

    /** A stream thread died and is being replaced. */
    public void taskFailed() {
        taskFailures.increment();
    }

    /**
     * A schema-registry request failed: {@code unavailable} (unreachable, 5xx, timeout),
     * {@code unauthorized} (401/403), {@code not_found} (unknown schema id), or another kind.
     */
    public void registryError(String kind) {
        registryCounter(kind).increment();
    }

    /** {@code dmz_partitions_stalled}, read from {@code stalled} at scrape time. */
    public void bindStalledPartitions(IntSupplier stalled) {
        Gauge.builder(MetricNames.PARTITIONS_STALLED, stalled, IntSupplier::getAsInt)
                .description("Input partitions with records waiting and no progress for health.stall.timeout.ms")
                .strongReference(true)
                .register(registry);
    }

    private Counter registryCounter(String kind) {
        return registryErrors.computeIfAbsent(kind, k -> Counter.builder(MetricNames.REGISTRY_ERRORS)
                .description("Schema-registry requests that failed")
                .tag("kind", k)
                .register(registry));
    }
}
