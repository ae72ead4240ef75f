package io.dmzstream.topology.metrics;

import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.Lane;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The work an engine holds, read at scrape time: {@code dmz_lane_queue_depth} and {@code dmz_requests_in_flight}. */
public final class EngineGauges implements MeterBinder {
    private final InferenceEngine engine;

    public EngineGauges(InferenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Lane lane : Lane.values()) {
            Gauge.builder(MetricNames.QUEUE_DEPTH, engine, e -> e.queueDepth(lane))
                    .description("Requests waiting in the lane's queue")
                    .tag(MetricNames.TAG_LANE, lane.tag())
                    .register(registry);
        }
        Gauge.builder(MetricNames.IN_FLIGHT, engine, InferenceEngine::inFlight)
                .description("Requests submitted to the inference engine and not yet completed")
                .register(registry);
    }
}
