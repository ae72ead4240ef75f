package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.DmzModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link ModelCatalog} over a fixed set of loaded models and bridges; closes both. */
final class StaticModelCatalog implements ModelCatalog {
    private final Map<String, DmzModel> models;
    private final Map<String, TransferBridge> bridges;

    StaticModelCatalog(Map<String, DmzModel> models, Map<String, TransferBridge> bridges) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a model catalog needs at least one model");
        }
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.bridges = Map.copyOf(bridges);
    }

    @Override
    public Map<String, DmzModel> models() {
        return models;
    }

    @Override
    public Optional<TransferBridge> bridge(String source, String target) {
        return Optional.ofNullable(bridges.get(ModelCatalog.bridgeKey(source, target)));
    }

    @Override
    public void close() {
        models.values().forEach(DmzModel::close);
        bridges.values().forEach(TransferBridge::close);
    }
}
