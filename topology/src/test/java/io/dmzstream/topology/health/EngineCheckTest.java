package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.engine.CircuitBreaker.State;
import io.dmzstream.topology.engine.Device;
import io.dmzstream.topology.engine.DeviceStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineCheckTest {
    private static final Device GPU0 = Device.parse("gpu:0");
    private static final Device GPU1 = Device.parse("gpu:1");
    private final AtomicReference<List<DeviceStatus>> devices = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final EngineCheck check = new EngineCheck(devices::get, running::get);

    private static DeviceStatus serving(Device d) {
        return new DeviceStatus(d, true, false, State.CLOSED, "device " + d + " serving");
    }

    @Test
    void anOpenCircuitIsNotReadyButLive() {
        devices.set(List.of(serving(GPU0), new DeviceStatus(GPU1, true, false, State.OPEN, "device gpu:1: circuit OPEN (x)")));
        assertFalse(check.ready().up());
        assertEquals("device gpu:1: circuit OPEN (x)", check.ready().reason());
        assertTrue(check.live().up());
        devices.set(List.of(new DeviceStatus(GPU0, true, false, State.HALF_OPEN, "half")));
        assertTrue(check.live().up(), "an open circuit closes by itself: no restart");
    }

    @Test
    void notLiveWhenNoWorkerCouldServeAgainOrTheEngineIsClosed() {
        devices.set(List.of(new DeviceStatus(GPU0, true, true, State.OPEN, "device gpu:0: encode call stuck for 40000 ms"),
                serving(GPU1)));
        assertFalse(check.ready().up());
        assertTrue(check.live().up(), "gpu:1 still serves");
        devices.set(List.of(new DeviceStatus(GPU0, true, true, State.OPEN, "device gpu:0: encode call stuck for 40000 ms"),
                new DeviceStatus(GPU1, false, false, State.CLOSED, "device worker gpu:1 is not running")));
        HealthStatus live = check.live();
        assertFalse(live.up());
        assertTrue(live.reason().contains("stuck") && live.reason().contains("not running"), live.reason());
        devices.set(List.of(serving(GPU0), serving(GPU1)));
        assertTrue(check.ready().up());
        running.set(false);
        assertEquals("inference engine closed", check.live().reason());
    }
}
