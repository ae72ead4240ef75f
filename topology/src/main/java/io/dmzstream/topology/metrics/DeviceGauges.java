package io.dmzstream.topology.metrics;

import io.dmzstream.topology.engine.CircuitBreaker;
import io.dmzstream.topology.engine.Device;
import io.dmzstream.topology.engine.DeviceStatus;
import io.dmzstream.topology.engine.InferenceEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Predicate;

/**
 * How each device of an engine is, read at scrape time: {@code dmz_engine_circuit_open} and
 * {@code dmz_engine_worker_up} per device, and {@code dmz_engine_retries_total}.
 */
public final class DeviceGauges implements MeterBinder {
    private final InferenceEngine engine;

    public DeviceGauges(InferenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Device device : engine.settings().devices()) {
            Gauge.builder(MetricNames.CIRCUIT_OPEN, engine, e -> is(e, device, s -> s.circuit() != CircuitBreaker.State.CLOSED))
                    .description("1 while the device's circuit is open or half-open: device faults, requests wait")
                    .tag(MetricNames.TAG_DEVICE, device.toString())
                    .register(registry);
            Gauge.builder(MetricNames.WORKER_UP, engine, e -> is(e, device, DeviceStatus::recoverable))
                    .description("1 while the device worker runs and is not stuck in a model call")
                    .tag(MetricNames.TAG_DEVICE, device.toString())
                    .register(registry);
        }
        FunctionCounter.builder(MetricNames.RETRIES, engine, e -> e.stats().retried())
                .description("Requests run again because the device failed their previous attempt")
                .register(registry);
    }

    /** 1 when the device's status matches, else 0 (several workers of one device: any). */
    private static double is(InferenceEngine engine, Device device, Predicate<DeviceStatus> test) {
        return engine.deviceStatus().stream().anyMatch(s -> s.device().equals(device) && test.test(s)) ? 1 : 0;
    }
}
