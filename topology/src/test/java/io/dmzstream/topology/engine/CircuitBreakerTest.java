package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long MS = 1_000_000;
    private final CircuitBreaker circuit = new CircuitBreaker(Device.cpu(), 100 * MS, 350 * MS);

    @Test
    void opensOnAFaultLetsOneTrialThroughAfterTheBackoffAndDoublesItWhileFaultsRepeat() {
        long t = 1_000 * MS;
        assertTrue(circuit.allows(t));
        circuit.fault("boom", t);
        assertEquals(CircuitBreaker.State.OPEN, circuit.state());
        assertEquals("boom", circuit.reason());
        assertFalse(circuit.allows(t + 99 * MS));
        assertTrue(circuit.allows(t + 100 * MS));
        assertEquals(CircuitBreaker.State.HALF_OPEN, circuit.state());

        t += 100 * MS;
        circuit.fault("again", t);
        assertFalse(circuit.allows(t + 199 * MS), "the trial failed: twice the backoff");
        assertTrue(circuit.allows(t + 200 * MS));
        t += 200 * MS;
        circuit.fault("again", t);
        assertFalse(circuit.allows(t + 349 * MS), "capped at the maximum");
        assertTrue(circuit.allows(t + 350 * MS));

        circuit.success();
        assertEquals(CircuitBreaker.State.CLOSED, circuit.state());
        assertEquals("", circuit.reason());
        circuit.fault("new outage", t + 400 * MS);
        assertTrue(circuit.allows(t + 500 * MS), "a new outage starts from the first backoff");
    }
}
