package io.dmzstream.topology.metrics;

import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.topology.engine.Device;
import io.dmzstream.topology.engine.EngineListener;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records what the engine reports: rows per device call ({@code dmz_engine_batch_size}), queue wait
 * ({@code dmz_engine_queue_wait_seconds}) and device-call time ({@code dmz_engine_step_seconds}) per
 * lane, as Prometheus histograms; device faults per device and kind
 * ({@code dmz_engine_device_faults_total}); codes go on to {@link ModelHealthMetrics}. Every lane's
 * and every configured device's meters exist from the start, so an idle lane reads 0 instead of no data.
 */
public final class EngineMetrics implements EngineListener {
    private final Map<Lane, DistributionSummary> batchSize = new EnumMap<>(Lane.class);
    private final Map<Lane, Timer> queueWait = new EnumMap<>(Lane.class);
    private final Map<Lane, Timer> step = new EnumMap<>(Lane.class);
    private final Map<String, Counter> deviceFaults = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final ModelHealthMetrics health;

    /** Kinds of device fault, as {@link EngineListener#deviceFault} reports them. */
    static final List<String> FAULT_KINDS = List.of("batch", "error", "timeout");

    public EngineMetrics(MeterRegistry registry, EngineSettings settings, ModelHealthMetrics health) {
        this.registry = registry;
        this.health = health;
        for (Device device : settings.devices()) {
            FAULT_KINDS.forEach(kind -> deviceFaultCounter(device, kind));
        }
        double largestBatch = Math.max(settings.maxBatchSize(), settings.decodeSlots());
        for (Lane lane : Lane.values()) {
            batchSize.put(lane, DistributionSummary.builder(MetricNames.BATCH_SIZE)
                    .description("Rows per device call")
                    .tag(MetricNames.TAG_LANE, lane.tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(1.0)
                    .maximumExpectedValue(Math.max(1.0, largestBatch))
                    .register(registry));
            queueWait.put(lane, Timer.builder(MetricNames.QUEUE_WAIT)
                    .description("Time a request waited in the lane's queue before its device call")
                    .tag(MetricNames.TAG_LANE, lane.tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
            step.put(lane, Timer.builder(MetricNames.STEP)
                    .description("Time of one device call (encoder+label head, one denoiser tick, one bridge call)")
                    .tag(MetricNames.TAG_LANE, lane.tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
    }

    @Override
    public void batchRan(Lane lane, int rows, long nanos) {
        batchSize.get(lane).record(rows);
        step.get(lane).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void queueWaited(Lane lane, long nanos) {
        queueWait.get(lane).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void deviceFault(Device device, String kind) {
        deviceFaultCounter(device, kind).increment();
    }

    private Counter deviceFaultCounter(Device device, String kind) {
        return deviceFaults.computeIfAbsent(device + "/" + kind, k -> Counter.builder(MetricNames.DEVICE_FAULTS)
                .description("Device faults: batches failing for every row and a blank probe, Errors, hung calls")
                .tag(MetricNames.TAG_DEVICE, device.toString())
                .tag("kind", kind)
                .register(registry));
    }

    @Override
    public void encoded(ModelInfo model, float[][] bits, float[][] classProbabilities) {
        health.encoded(model, bits, classProbabilities);
    }
}
