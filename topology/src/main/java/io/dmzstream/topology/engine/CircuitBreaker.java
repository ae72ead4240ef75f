package io.dmzstream.topology.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit of one device. A device fault opens it: the device's worker takes no work until the
 * backoff has passed, then lets one piece of work through (half-open); a device call that works
 * closes it, another fault opens it again for twice as long, up to the maximum. Requests wait in
 * the lanes' queues meanwhile, so an outage delays them instead of failing them. Thread-safe.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final Device device;
    private final long initialNanos;
    private final long maxNanos;
    private State state = State.CLOSED;
    private long backoffNanos;
    private long openUntilNanos;
    private String reason = "";

    CircuitBreaker(Device device, long initialNanos, long maxNanos) {
        this.device = device;
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.backoffNanos = initialNanos;
    }

    /** Whether the device may take work now; an open circuit whose backoff has passed turns half-open. */
    synchronized boolean allows(long nowNanos) {
        if (state == State.OPEN && nowNanos - openUntilNanos >= 0) {
            state = State.HALF_OPEN;
            LOG.info("device {}: circuit half-open, trying the device again", device);
        }
        return state != State.OPEN;
    }

    /** When an open circuit lets work through again, in System.nanoTime() units. */
    synchronized long openUntilNanos() {
        return openUntilNanos;
    }

    /** A device call worked. */
    synchronized void success() {
        if (state != State.CLOSED) {
            LOG.info("device {}: circuit closed, the device answers again", device);
        }
        state = State.CLOSED;
        backoffNanos = initialNanos;
        reason = "";
    }

    /** The device failed a call: open (again), for longer if the trial call of a half-open circuit failed. */
    synchronized void fault(String why, long nowNanos) {
        if (state == State.HALF_OPEN) {
            backoffNanos = Math.min(maxNanos, backoffNanos * 2);
        } else if (state == State.CLOSED) {
            backoffNanos = initialNanos;
        }
        state = State.OPEN;
        openUntilNanos = nowNanos + backoffNanos;
        reason = why;
        LOG.warn("device {}: circuit open for {} ms: {}", device, backoffNanos / 1_000_000, why);
    }

    public synchronized State state() {
        return state;
    }

    /** Why the circuit last opened; empty while closed. */
    public synchronized String reason() {
        return reason;
    }
}
