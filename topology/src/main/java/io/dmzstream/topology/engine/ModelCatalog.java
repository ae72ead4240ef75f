package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models one device serves: a DMZ model per domain and the bridges between domains.
 * Models are safe for concurrent callers, so a catalog may be shared between devices of the same kind.
 */
public interface ModelCatalog extends AutoCloseable {

    /** Domains served, each with its model; never empty. */
    Map<String, DmzModel> models();

    /** Bridge from {@code source} codes to {@code target} codes, when one is configured. */
    Optional<TransferBridge> bridge(String source, String target);

    /** The learned code prior of a domain's model (latent commands draw codes from it), when it has one. */
    default Optional<CodePrior> prior(String domain) {
        return Optional.empty();
    }

    default Set<String> domains() {
        return models().keySet();
    }

    default DmzModel model(String domain) {
        DmzModel model = models().get(domain);
        if (model == null) {
            throw new IllegalArgumentException("no model for domain '" + domain + "'");
        }
        return model;
    }

    default ModelInfo info(String domain) {
        return model(domain).info();
    }

    @Override
    void close();

    /** A catalog over already-loaded models; closes them on close. */
    static ModelCatalog of(Map<String, DmzModel> models, Map<String, TransferBridge> bridgesBySourceArrowTarget) {
        return new StaticModelCatalog(models, bridgesBySourceArrowTarget, Map.of());
    }

    /** As {@link #of(Map, Map)}, with code priors by domain; closes them too. */
    static ModelCatalog of(Map<String, DmzModel> models, Map<String, TransferBridge> bridgesBySourceArrowTarget,
                           Map<String, CodePrior> priorsByDomain) {
        return new StaticModelCatalog(models, bridgesBySourceArrowTarget, priorsByDomain);
    }

    /** Key of a bridge in {@link #of}: {@code source->target}. */
    static String bridgeKey(String source, String target) {
        return source + "->" + target;
    }
}
