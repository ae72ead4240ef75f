package io.dmzstream.topology.health;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness of one instance, from the Kafka Streams state and whether the models are
 * loaded.
 * <ul>
 *   <li>Ready: streams RUNNING (tasks assigned and restored), models loaded, and not shutting
 *       down. Anything else (CREATED, REBALANCING, stopping) is not ready: a load balancer or
 *       orchestrator should wait, not restart.</li>
 *   <li>Live: the stream threads are not dead. ERROR (every thread died) is dead; so is a stop
 *       that nobody asked for. During a requested shutdown the instance stays live.</li>
 * </ul>
 */
public final class InstanceHealth {
    private final Supplier<State> streams;
    private final BooleanSupplier modelsLoaded;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public InstanceHealth(Supplier<State> streams, BooleanSupplier modelsLoaded) {
        this.streams = streams;
        this.modelsLoaded = modelsLoaded;
    }

    /** First step of a shutdown: readiness goes down before anything stops. */
    public void markStopping() {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    public HealthStatus ready() {
        if (stopping.get()) {
            return HealthStatus.down("shutting down");
        }
        if (!modelsLoaded.getAsBoolean()) {
            return HealthStatus.down("models not loaded");
        }
        State state = streams.get();
        if (state != State.RUNNING) {
            return HealthStatus.down("kafka streams " + state);
        }
        return HealthStatus.up("kafka streams RUNNING, models loaded");
    }

    public boolean isReady() {
        return ready().up();
    }

    public HealthStatus live() {
        State state = streams.get();
        if (state == State.ERROR || state == State.PENDING_ERROR) {
            return HealthStatus.down("kafka streams " + state + ": stream threads died");
        }
        if (!stopping.get() && (state == State.PENDING_SHUTDOWN || state == State.NOT_RUNNING)) {
            return HealthStatus.down("kafka streams " + state + " without a shutdown request");
        }
        return HealthStatus.up("kafka streams " + state);
    }
}
