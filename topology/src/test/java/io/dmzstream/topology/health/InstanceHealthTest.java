package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class InstanceHealthTest {
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicBoolean models = new AtomicBoolean(true);
    private final InstanceHealth health = new InstanceHealth(state::get, models::get);

    @Test
    void readyOnlyWhenRunningWithModelsLoaded() {
        for (State s : State.values()) {
            state.set(s);
            assertEquals(s == State.RUNNING, health.ready().up(), s.name());
        }
        state.set(State.REBALANCING);
        assertTrue(health.ready().reason().contains("REBALANCING"), health.ready().reason());
        state.set(State.RUNNING);
        models.set(false);
        assertFalse(health.isReady());
        assertEquals("models not loaded", health.ready().reason());
    }

    @Test
    void notReadyFromTheMomentShutdownStartsButStillLive() {
        state.set(State.RUNNING);
        assertTrue(health.isReady());
        health.markStopping();
        assertFalse(health.isReady());
        assertEquals("shutting down", health.ready().reason());
        assertTrue(health.live().up());
        state.set(State.PENDING_SHUTDOWN);
        assertTrue(health.live().up(), "a requested shutdown is not a dead instance");
        state.set(State.NOT_RUNNING);
        assertTrue(health.live().up());
    }

    @Test
    void deadWhenStreamThreadsDiedOrStreamsStoppedUnasked() {
        for (State s : new State[] {State.CREATED, State.REBALANCING, State.RUNNING}) {
            state.set(s);
            assertTrue(health.live().up(), s.name());
        }
        for (State s : new State[] {State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING, State.PENDING_SHUTDOWN}) {
            state.set(s);
            assertFalse(health.live().up(), s.name());
        }
    }

    @Test
    void statusAsJson() {
        assertEquals("{\"status\":\"DOWN\",\"reason\":\"a \\\"quoted\\\" \\\\ reason\"}",
                HealthStatus.down("a \"quoted\" \\ reason").json());
        assertEquals("{\"status\":\"UP\",\"reason\":\"ok\"}", HealthStatus.up("ok").json());
    }

    @Test
    void readyAndLiveOnlyWhileEveryCheckIsUpAndTheReasonNamesEachThatIsDown() {
        AtomicReference<HealthStatus> stalled = new AtomicReference<>(HealthStatus.up("progressing"));
        AtomicReference<HealthStatus> circuit = new AtomicReference<>(HealthStatus.up("devices serving"));
        AtomicReference<HealthStatus> engine = new AtomicReference<>(HealthStatus.up("engine can serve"));
        InstanceHealth checked = new InstanceHealth(state::get, models::get, List.of(stalled::get, circuit::get),
                List.of(engine::get));
        state.set(State.RUNNING);
        assertTrue(checked.ready().up());
        assertEquals("kafka streams RUNNING, models loaded", checked.ready().reason());
        stalled.set(HealthStatus.down("partition p-0 stalled"));
        circuit.set(HealthStatus.down("device cpu: circuit OPEN"));
        assertFalse(checked.ready().up());
        assertEquals("partition p-0 stalled; device cpu: circuit OPEN", checked.ready().reason());
        assertTrue(checked.live().up(), "readiness checks are not liveness checks");

        engine.set(HealthStatus.down("no device worker can serve"));
        assertFalse(checked.live().up());
        assertEquals("no device worker can serve", checked.live().reason());
        checked.markStopping();
        assertTrue(checked.live().up(), "a requested shutdown is not a dead instance");
    }
}
