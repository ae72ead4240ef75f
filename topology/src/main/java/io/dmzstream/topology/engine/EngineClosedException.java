package io.dmzstream.topology.engine;

/**
 * The engine shut down before the request finished. Not an outcome of the request: the durable
 * buffer keeps it and the next engine serves it.
 */
public final class EngineClosedException extends IllegalStateException {
    public EngineClosedException() {
        super("inference engine closed");
    }
}
