package io.dmzstream.topology.metrics;

import io.dmzstream.topology.engine.EngineListener;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.output.OutputListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The metrics of one service instance, on its own Prometheus registry (so several instances in
 * one JVM, as in tests, do not mix): the engine's and the topology's listeners, engine gauges,
 * model info, readiness, Kafka Streams' own metrics and the JVM's. {@link #scrape()} renders the
 * Prometheus text format served on {@code /metrics}.
 */
public final class ServiceMetrics implements AutoCloseable {
    /**
     * How often new Kafka client metrics are bound. Per-partition ones (records-lag of the input
     * topic) only exist once a partition is fetched; Micrometer's default of a minute leaves the
     * lag panels empty for that long after every rebalance.
     */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelHealthMetrics health;
    private final EngineMetrics engineMetrics;
    private final OutputMetrics outputMetrics;
    private final FaultMetrics faultMetrics;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private ScheduledExecutorService kafkaRefresh;
    private KafkaStreamsMetrics kafka;

    public ServiceMetrics(EngineSettings settings, TrainingBitMeans reference) {
        this.health = new ModelHealthMetrics(registry, reference, BitDrift.DEFAULT_HORIZON);
        this.engineMetrics = new EngineMetrics(registry, settings, health);
        this.outputMetrics = new OutputMetrics(registry);
        this.faultMetrics = new FaultMetrics(registry);
        for (MeterBinder binder : List.<MeterBinder>of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
                new UptimeMetrics(), gc)) {
            binder.bindTo(registry);
        }
    }

    /** What the inference engine reports to. */
    public EngineListener engineListener() {
        return engineMetrics;
    }

    /** What the topology (batching processor, deserialization handler) reports to. */
    public OutputListener outputListener() {
        return outputMetrics;
    }

    public ModelHealthMetrics health() {
        return health;
    }

    /** Task failures, stalled partitions, registry errors. */
    public FaultMetrics faults() {
        return faultMetrics;
    }

    /** Queue depths, requests in flight, device states and the info metric of the models the engine serves. */
    public void bindEngine(InferenceEngine engine) {
        new EngineGauges(engine).bindTo(registry);
        new DeviceGauges(engine).bindTo(registry);
        ModelInfoMetric.register(registry.getPrometheusRegistry(), engine.models());
    }

    /** Kafka Streams' and its clients' metrics, re-checked every {@link #KAFKA_REFRESH}. */
    public synchronized void bindStreams(KafkaStreams streams) {
        kafkaRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dmz-kafka-metrics");
            t.setDaemon(true);
            return t;
        });
        kafka = new KafkaStreamsMetrics(streams, List.of(), kafkaRefresh, KAFKA_REFRESH);
        kafka.bindTo(registry);
    }

    /** {@code dmz_ready}: 1 while {@code ready} says so, else 0. */
    public void bindReadiness(BooleanSupplier ready) {
        Gauge.builder(MetricNames.READY, ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 when the instance is ready (what /health/ready answers)")
                .strongReference(true)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (kafkaRefresh != null) {
            kafkaRefresh.shutdownNow();
            kafkaRefresh = null;
        }
        gc.close();
        registry.close();
    }
}
