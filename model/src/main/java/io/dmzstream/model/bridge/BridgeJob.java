package io.dmzstream.model.bridge;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.CommandLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train-bridge} command: encode the paired training images (image i of both models'
 * datasets, or two image folders paired by relative path) with both domains' models,
 * fit the bridge on (source probabilities -> target bits), score it on the paired test split,
 * export it with a manifest and a card.
 */
public final class BridgeJob {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeJob.class);

    private final Path sourceDir;
    private final Path targetDir;
    private final Path out;
    private final int maxEpochs;
    private final long seed;
    private final String command;
    private final int limit;
    private final Path sourceImages;
    private final Path targetImages;

    public BridgeJob(Path sourceDir, Path targetDir, Path out, int maxEpochs, long seed, int limit, String command) {
        this(sourceDir, targetDir, null, null, out, maxEpochs, seed, limit, command);
    }

    /**
     * @param sourceImages folder of source-domain images paired by relative path with {@code targetImages}
     *                     (both null: the models' named datasets, paired by index)
     */
    public BridgeJob(Path sourceDir, Path targetDir, Path sourceImages, Path targetImages, Path out, int maxEpochs,
                     long seed, int limit, String command) {
        if ((sourceImages == null) != (targetImages == null)) {
            throw new IllegalArgumentException("give both paired image folders, or neither");
        }
        this.sourceImages = sourceImages;
        this.targetImages = targetImages;
        this.sourceDir = sourceDir;
        this.targetDir = targetDir;
        this.out = out;
        this.maxEpochs = maxEpochs;
        this.seed = seed;
        this.limit = limit;
        this.command = command;
    }

    public BridgeManifest run() throws IOException {
        long start = System.nanoTime();
        try (DmzModel source = DmzModels.load(sourceDir); DmzModel target = DmzModels.load(targetDir)) {
            BridgePairs pairs = BridgePairs.load(source.info(), target.info(), sourceImages, targetImages, seed).head(limit);
            Dataset srcTrain = pairs.sourceTrain();
            Dataset tgtTrain = pairs.targetTrain();
            Dataset srcTest = pairs.sourceTest();
            Dataset tgtTest = pairs.targetTest();
            if (srcTrain.size() != tgtTrain.size()) {
                throw new IllegalArgumentException("domains are not paired: " + srcTrain.size() + " vs " + tgtTrain.size() + " images");
            }
            LOG.info("encoding {} paired training images with {} and {}", srcTrain.size(), source.info().id(), target.info().id());
            float[][] xs = probabilities(source, srcTrain);
            float[][] ys = BitThreshold.bits(probabilities(target, tgtTrain));
            int held = Math.max(1, xs.length / 12);
            int fit = xs.length - held;
            var result = new BridgeTrainer(maxEpochs, 1e-3f, seed).fit(Arrays.copyOf(xs, fit), Arrays.copyOf(ys, fit),
                    Arrays.copyOfRange(xs, fit, xs.length), Arrays.copyOfRange(ys, fit, ys.length));
            float[][] testX = probabilities(source, srcTest);
            float[][] testY = BitThreshold.bits(probabilities(target, tgtTest));
            double testAccuracy;
            try (BridgeGraph graph = new BridgeGraph(source.info().bits(), target.info().bits(), result.weights())) {
                testAccuracy = BridgeTrainer.bitAccuracy(graph.translate(testX), testY);
                graph.export(out);
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validation_bit_accuracy", result.heldOutBitAccuracy());
            metrics.put("test_bit_accuracy", testAccuracy);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("architecture", BridgeNetwork.DEPTH + " x [dense " + BridgeNetwork.WIDTH + ", batch norm, ReLU] -> dense("
                    + target.info().bits() + ") -> sigmoid");
            training.put("loss", "binary cross-entropy on the target model's hard bits");
            training.put("optimizer", "Adam lr 1e-3, batch 256, early stopping (patience 5) on held-out bit accuracy");
            training.put("pairs", fit);
            training.put("paired_by", sourceImages == null ? "index in the models' datasets"
                    : "relative path in " + CommandLines.homeRelative(sourceImages) + " and " + CommandLines.homeRelative(targetImages));
            if (sourceImages != null) {
                training.put(BridgePairs.SOURCE_IMAGES, CommandLines.homeRelative(sourceImages));
                training.put(BridgePairs.TARGET_IMAGES, CommandLines.homeRelative(targetImages));
            }
            training.put("held_out_pairs", held);
            training.put("best_epoch", result.epochs());
            training.put("seed", seed);
            training.put("wall_seconds", Math.round((System.nanoTime() - start) / 1e9));
            training.put("command", command);
            String name = out.getFileName().toString();
            BridgeManifest draft = new BridgeManifest(name, "1.0.0", source.info().dataset(), target.info().dataset(),
                    source.info().id(), target.info().id(), source.info().bits(), target.info().bits(), training, metrics, Map.of());
            writeCard(draft);
            BridgeManifest manifest = new BridgeManifest(draft.name(), draft.version(), draft.sourceDomain(), draft.targetDomain(),
                    draft.sourceModel(), draft.targetModel(), draft.sourceBits(), draft.targetBits(), training, metrics,
                    new ModelFolder(out).hashFiles());
            ModelFolder.JSON.writeValue(out.resolve("manifest.json").toFile(), manifest);
            LOG.info("bridge {}: test bit accuracy {}", name, String.format("%.4f", testAccuracy));
            return manifest;
        }
    }

    private void writeCard(BridgeManifest m) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("README.md"), """
                # %s %s

                Code bridge for domain transfer %s -> %s (the paper's image-to-image recipe): reads the per-bit
                probabilities of `%s` and predicts the bits of `%s`, which then decodes them.
                Trained by this project's `train-bridge` command on paired images (paired by %s).

                - Architecture: %s
                - Loss: %s; %s
                - Held-out (validation) bit accuracy: %.4f; paired test split bit accuracy: %.4f
                - Command: `%s`
                - SavedModel signature `translate`: source [B,%d] -> target [B,%d] (probabilities)
                """.formatted(m.name(), m.version(), m.sourceDomain(), m.targetDomain(), m.sourceModel(), m.targetModel(),
                m.training().get("paired_by"), m.training().get("architecture"), m.training().get("loss"), m.training().get("optimizer"),
                ((Number) m.metrics().get("validation_bit_accuracy")).doubleValue(),
                ((Number) m.metrics().get("test_bit_accuracy")).doubleValue(), m.training().get("command"),
                m.sourceBits(), m.targetBits()));
    }

    private static float[][] probabilities(DmzModel model, Dataset data) {
        return new io.dmzstream.model.pipeline.EncodePipeline(model, 500).encode(data).probabilities();
    }
}
