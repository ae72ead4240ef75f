package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.DmzModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link ModelCatalog} over a fixed set of loaded models, bridges and priors; closes them all. */
final class StaticModelCatalog implements ModelCatalog {
    private final Map<String, DmzModel> models;
    private final Map<String, TransferBridge> bridges;
    private final Map<String, CodePrior> priors;

    StaticModelCatalog(Map<String, DmzModel> models, Map<String, TransferBridge> bridges, Map<String, CodePrior> priors) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a model catalog needs at least one model");
        }
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.bridges = Map.copyOf(bridges);
        for (String domain : priors.keySet()) {
            if (!models.containsKey(domain)) {
                throw new IllegalArgumentException("a prior for domain '" + domain + "', which has no model");
            }
        }
        this.priors = Map.copyOf(priors);
    }

    @Override
    public Optional<CodePrior> prior(String domain) {
        return Optional.ofNullable(priors.get(domain));
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
        priors.values().forEach(CodePrior::close);
    }
}
