package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.CodeBridge;
import io.dmzstream.model.serving.CodeBridges;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.serving.TensorFlowThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves models trained by the project's {@code train} command from the zoo folder. Each model
 * serves the domain (dataset) its manifest names, with its code prior when the folder has one;
 * each bridge connects the domains it names.
 * CPU devices share one set of loaded models (they are safe for concurrent callers); each GPU gets
 * its own copy on that device.
 */
public final class ZooModelSource implements ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(ZooModelSource.class);
    private final Path zoo;
    private final List<String> modelNames;
    private final List<String> bridgeNames;
    private final TensorFlowThreads threads;
    private final Map<String, ModelCatalog> byPlacement = new HashMap<>();

    public ZooModelSource(Path zoo, List<String> modelNames, List<String> bridgeNames) {
        this(zoo, modelNames, bridgeNames, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** @param threads TensorFlow intra-op threads of each loaded model (inter-op 1) */
    public ZooModelSource(Path zoo, List<String> modelNames, List<String> bridgeNames, int threads) {
        this(zoo, modelNames, bridgeNames, new TensorFlowThreads(threads, 1));
    }

    /** @param threads TensorFlow thread pools of each loaded model's sessions */
    public ZooModelSource(Path zoo, List<String> modelNames, List<String> bridgeNames, TensorFlowThreads threads) {
        this.threads = threads;
        this.zoo = zoo;
        this.modelNames = List.copyOf(modelNames);
        this.bridgeNames = List.copyOf(bridgeNames);
    }

    @Override
    public synchronized ModelCatalog open(Device device) {
        String placement = device.kind() == Device.Kind.CPU ? "cpu" : device.toString();
        return byPlacement.computeIfAbsent(placement, this::load);
    }

    private ModelCatalog load(String placement) {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        Map<String, TransferBridge> bridges = new HashMap<>();
        Map<String, CodePrior> priors = new HashMap<>();
        try {
            for (String name : modelNames) {
                DmzModel model = DmzModels.load(zoo.resolve(name), placement, threads);
                DmzModel previous = models.put(model.info().dataset(), model);
                if (previous != null) {
                    throw new IllegalArgumentException("models " + previous.info().name() + " and " + name
                            + " both serve domain " + model.info().dataset());
                }
                prior(zoo.resolve(name), placement).ifPresent(p -> priors.put(model.info().dataset(), p));
            }
            for (String name : bridgeNames) {
                CodeBridge bridge = CodeBridges.load(zoo.resolve(name));
                bridges.put(ModelCatalog.bridgeKey(bridge.sourceDomain(), bridge.targetDomain()), adapt(bridge));
            }
        } catch (IOException e) {
            models.values().forEach(DmzModel::close);
            bridges.values().forEach(TransferBridge::close);
            priors.values().forEach(CodePrior::close);
            throw new UncheckedIOException("cannot load models from " + zoo + ": " + e.getMessage(), e);
        }
        return ModelCatalog.of(models, bridges, priors);
    }

    /**
     * The model folder's prior, if it has one that loads. A prior that does not (corrupt, fitted to
     * other weights) costs only the latent commands of its domain (dead letters, no_prior), not the
     * images the model serves, so it is logged rather than fatal.
     */
    private static Optional<CodePrior> prior(Path modelFolder, String placement) {
        if (!CodePriors.exists(modelFolder)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CodePriors.load(modelFolder, placement));
        } catch (IOException | RuntimeException e) {
            LOG.warn("not serving the prior of {}: {}", modelFolder, e.getMessage());
            return Optional.empty();
        }
    }

    private static TransferBridge adapt(CodeBridge bridge) {
        return new TransferBridge() {
            @Override
            public String name() {
                return bridge.name();
            }

            @Override
            public float[][] translate(float[][] sourceProbabilities) {
                return bridge.translate(sourceProbabilities);
            }

            @Override
            public void close() {
                bridge.close();
            }
        };
    }
}
