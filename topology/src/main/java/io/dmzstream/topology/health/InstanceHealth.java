package io.dmzstream.topology.health;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness of one instance, from the Kafka Streams state, whether the models are
 * loaded, and the checks it is given (crash loops, stalled partitions, the engine's devices).
 * <ul>
 *   <li>Ready: streams RUNNING (tasks assigned and restored), models loaded, not shutting down,
 *       and every readiness check up. Anything else (CREATED, REBALANCING, stopping, a device
 *       circuit open, a partition stalled) is not ready: a load balancer or orchestrator should
 *       wait, not restart. The reason names every check that is down.</li>
 *   <li>Live: the stream threads are not dead and every liveness check is up. ERROR (every thread
 *       died) is dead; so is a stop that nobody asked for, or an engine that cannot serve at all.
 *       During a requested shutdown the instance stays live.</li>
 * </ul>
 */
public final class InstanceHealth {
    private final Supplier<State> streams;
    private final BooleanSupplier modelsLoaded;
    private final List<HealthCheck> readiness;
    private final List<HealthCheck> liveness;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public InstanceHealth(Supplier<State> streams, BooleanSupplier modelsLoaded) {
        this(streams, modelsLoaded, List.of(), List.of());
    }

    public InstanceHealth(Supplier<State> streams, BooleanSupplier modelsLoaded, List<HealthCheck> readiness,
                          List<HealthCheck> liveness) {
        this.streams = streams;
        this.modelsLoaded = modelsLoaded;
        this.readiness = List.copyOf(readiness);
        this.liveness = List.copyOf(liveness);
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
        String down = downReasons(readiness);
        if (state != State.RUNNING) {
            // a task retried over and over rebalances often: the reason must show in those moments too
            return HealthStatus.down("kafka streams " + state + (down.isEmpty() ? "" : "; " + down));
        }
        return down.isEmpty() ? HealthStatus.up("kafka streams RUNNING, models loaded") : HealthStatus.down(down);
    }

    public boolean isReady() {
        return ready().up();
    }

    public HealthStatus live() {
        State state = streams.get();
        if (state == State.ERROR || state == State.PENDING_ERROR) {
            return HealthStatus.down("kafka streams " + state + ": stream threads died");
        }
        if (stopping.get()) {
            return HealthStatus.up("kafka streams " + state + ", shutting down");
        }
        if (state == State.PENDING_SHUTDOWN || state == State.NOT_RUNNING) {
            return HealthStatus.down("kafka streams " + state + " without a shutdown request");
        }
        String down = downReasons(liveness);
        return down.isEmpty() ? HealthStatus.up("kafka streams " + state) : HealthStatus.down(down);
    }

    private static String downReasons(List<HealthCheck> checks) {
        return checks.stream().map(HealthCheck::check).filter(s -> !s.up()).map(HealthStatus::reason)
                .collect(Collectors.joining("; "));
    }
}
