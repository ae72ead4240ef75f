package io.dmzstream.topology.engine;

/**
 * A device could not run a model call: every row of a batch failed and so did a blank probe
 * input, the call threw an {@link Error}, or it hung past {@code inference.call.timeout.ms}. Not
 * an outcome of the request: the engine runs the request again once the device's circuit lets
 * work through (see {@link CircuitBreaker}), so callers never see this exception.
 */
public final class DeviceUnavailableException extends RuntimeException {
    private final transient Device device;

    public DeviceUnavailableException(Device device, String message, Throwable cause) {
        super("device " + device + " unavailable: " + message, cause);
        this.device = device;
    }

    public Device device() {
        return device;
    }
}
