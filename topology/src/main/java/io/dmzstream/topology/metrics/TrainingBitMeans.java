package io.dmzstream.topology.metrics;

import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training-set bit means of the served models, keyed by model name (as stamped on outputs):
 * the reference {@link BitDrift} compares live codes against. A model without statistics simply
 * has no drift gauge; serving does not depend on them.
 */
public final class TrainingBitMeans {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingBitMeans.class);

    private final Map<String, double[]> byModel;

    public TrainingBitMeans(Map<String, double[]> byModel) {
        Map<String, double[]> copy = new HashMap<>();
        byModel.forEach((name, means) -> copy.put(name, means.clone()));
        this.byModel = Map.copyOf(copy);
    }

    public static TrainingBitMeans none() {
        return new TrainingBitMeans(Map.of());
    }

    /**
     * Reads {@code codeStatistics.bitMeans} from the manifest of each model folder under the zoo.
     * Only the manifest is read: the model loader has already checked the folder's files.
     */
    public static TrainingBitMeans fromZoo(Path zoo, List<String> folders) {
        Map<String, double[]> found = new HashMap<>();
        for (String folder : folders) {
            Path file = zoo.resolve(folder).resolve(Manifest.FILE);
            if (!Files.isRegularFile(file)) {
                LOG.info("no {}: no code-bit drift for model folder {}", file, folder);
                continue;
            }
            try {
                Manifest m = ModelFolder.JSON.readValue(file.toFile(), Manifest.class);
                if (m.codeStatistics() == null || m.codeStatistics().bitMeans() == null
                        || m.codeStatistics().bitMeans().length == 0) {
                    LOG.warn("{} has no codeStatistics.bitMeans: no code-bit drift for {}", file, m.name());
                    continue;
                }
                found.put(m.name(), m.codeStatistics().bitMeans());
            } catch (IOException e) {
                LOG.warn("cannot read {}: no code-bit drift for {}: {}", file, folder, e.getMessage());
            }
        }
        return new TrainingBitMeans(found);
    }

    /** The training bit means of a model, when its manifest has them. */
    public Optional<double[]> of(String model) {
        double[] means = byModel.get(model);
        return means == null ? Optional.empty() : Optional.of(means.clone());
    }
}
