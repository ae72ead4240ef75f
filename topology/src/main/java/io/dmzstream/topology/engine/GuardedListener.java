package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the lanes from their listener: a listener exception thrown inside a lane would make the
 * lane retry or fail requests whose model work succeeded. Logs the first failure, then debug only.
 */
final class GuardedListener implements EngineListener {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

    private final EngineListener delegate;
    private volatile boolean warned;

    GuardedListener(EngineListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void batchRan(Lane lane, int rows, long nanos) {
        try {
            delegate.batchRan(lane, rows, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void queueWaited(Lane lane, long nanos) {
        try {
            delegate.queueWaited(lane, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void encoded(ModelInfo model, float[][] bits, float[][] classProbabilities) {
        try {
            delegate.encoded(model, bits, classProbabilities);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void deviceFault(Device device, String kind) {
        try {
            delegate.deviceFault(device, kind);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.warn("engine listener failed (further failures logged at debug)", e);
        } else {
            LOG.debug("engine listener failed", e);
        }
    }
}
