package io.dmzstream.topology.health;

import io.dmzstream.topology.engine.DeviceStatus;
import io.dmzstream.topology.engine.InferenceEngine;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The inference engine's part of health.
 * <ul>
 *   <li>Readiness: down while any device is not serving: its circuit open (device faults; the
 *       requests wait), its worker stuck in a hung call, or its worker not running.</li>
 *   <li>Liveness: down when the engine cannot serve at all: closed without a shutdown request, or
 *       no worker that could serve again (each one dead or stuck in a call: only a restart gets a
 *       hung thread back). An open circuit is not a liveness failure: it closes by itself.</li>
 * </ul>
 */
public final class EngineCheck {
    private final Supplier<List<DeviceStatus>> devices;
    private final BooleanSupplier running;

    public EngineCheck(Supplier<List<DeviceStatus>> devices, BooleanSupplier running) {
        this.devices = devices;
        this.running = running;
    }

    public static EngineCheck of(InferenceEngine engine) {
        return new EngineCheck(engine::deviceStatus, engine::running);
    }

    public HealthStatus ready() {
        List<DeviceStatus> notServing = devices.get().stream().filter(d -> !d.serving()).toList();
        if (notServing.isEmpty()) {
            return HealthStatus.up("devices serving");
        }
        return HealthStatus.down(notServing.stream().map(DeviceStatus::reason).collect(Collectors.joining("; ")));
    }

    public HealthStatus live() {
        if (!running.getAsBoolean()) {
            return HealthStatus.down("inference engine closed");
        }
        List<DeviceStatus> all = devices.get();
        if (all.stream().noneMatch(DeviceStatus::recoverable)) {
            return HealthStatus.down("no device worker can serve: "
                    + all.stream().map(DeviceStatus::reason).collect(Collectors.joining("; ")));
        }
        return HealthStatus.up("engine can serve");
    }
}
