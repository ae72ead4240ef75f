package io.dmzstream.topology.engine;

/**
 * How one device worker is doing, for health checks and metrics.
 *
 * @param alive   the worker thread runs
 * @param stuck   its model call in progress has run past {@code inference.call.timeout.ms}
 * @param circuit the device's circuit (open: device faults, work waits)
 * @param reason  what is wrong, in a few words; "serving" when nothing is
 */
public record DeviceStatus(Device device, boolean alive, boolean stuck, CircuitBreaker.State circuit, String reason) {
    /** Takes work and its calls work. */
    public boolean serving() {
        return alive && !stuck && circuit == CircuitBreaker.State.CLOSED;
    }

    /** Could serve once its device answers: alive and not stuck in a call (an open circuit closes by itself). */
    public boolean recoverable() {
        return alive && !stuck;
    }
}
