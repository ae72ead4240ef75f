package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzPredictor;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictors of one device worker: one per model, opened on the model's first call and
 * reused by every batch and decode tick after it, closed when the worker stops. Only the
 * worker's thread touches it (a predictor serves one thread), so it needs no lock.
 */
final class DevicePredictors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePredictors.class);

    private final Map<DmzModel, DmzPredictor> open = new IdentityHashMap<>();

    DmzPredictor of(DmzModel model) {
        return open.computeIfAbsent(model, DmzModel::newPredictor);
    }

    @Override
    public void close() {
        for (Map.Entry<DmzModel, DmzPredictor> e : open.entrySet()) {
            try {
                e.getValue().close();
            } catch (RuntimeException ex) {
                // one predictor failing to close must not keep the others open
                LOG.warn("closing the predictor of {} failed: {}", e.getKey().info().id(), ex.toString());
            }
        }
        open.clear();
    }
}
