package io.dmzstream.model.bridge;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.data.ImageFolder;
import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.model.train.CommandLines;
import java.nio.file.Path;

/**
 * The paired images a bridge learns from and is scored on: image i of each source split shows the
 * same item as image i of the target split. Two image folders pair by relative path; the benchmark
 * domains (edges derived from fashion) pair by index in their datasets. Training and evaluation both
 * read the pairs here, so the evaluation scores a bridge on the pairing it was trained on.
 */
public record BridgePairs(Dataset sourceTrain, Dataset sourceTest, Dataset targetTrain, Dataset targetTest) {
    /** Manifest keys (under {@code training}) naming the two paired folders, {@code ~} for the home folder. */
    public static final String SOURCE_IMAGES = "source_images";
    public static final String TARGET_IMAGES = "target_images";

    /**
     * @param sourceImages folder paired by relative path with {@code targetImages}; both null: the
     *                     models' named datasets, paired by index
     * @param seed         seed of the folders' held-out split (when they have no train/test folders)
     */
    public static BridgePairs load(ModelInfo source, ModelInfo target, Path sourceImages, Path targetImages, long seed) {
        if ((sourceImages == null) != (targetImages == null)) {
            throw new IllegalArgumentException("give both paired image folders, or neither");
        }
        if (sourceImages == null) {
            return new BridgePairs(Datasets.load(source.dataset(), Dataset.Split.TRAIN), Datasets.load(source.dataset(), Dataset.Split.TEST),
                    Datasets.load(target.dataset(), Dataset.Split.TRAIN), Datasets.load(target.dataset(), Dataset.Split.TEST));
        }
        var pair = ImageFolder.loadPaired(sourceImages, source.dataset(), shapeOf(source, seed),
                targetImages, target.dataset(), shapeOf(target, seed));
        return new BridgePairs(pair[0].train(), pair[0].test(), pair[1].train(), pair[1].test());
    }

    /** The pairs a trained bridge was fitted on, as its manifest records them. */
    public static BridgePairs of(BridgeManifest manifest, ModelInfo source, ModelInfo target) {
        Object s = manifest.training().get(SOURCE_IMAGES);
        Object t = manifest.training().get(TARGET_IMAGES);
        long seed = manifest.training().get("seed") instanceof Number n ? n.longValue() : 1L;
        return load(source, target, s == null ? null : CommandLines.expandHome(s.toString()),
                t == null ? null : CommandLines.expandHome(t.toString()), seed);
    }

    public BridgePairs head(int limit) {
        return limit <= 0 ? this
                : new BridgePairs(sourceTrain.head(limit), sourceTest.head(limit), targetTrain.head(limit), targetTest.head(limit));
    }

    /** Images read at the model's own input shape (resized and centre-cropped when they differ). */
    private static ImageFolder.Options shapeOf(ModelInfo model, long seed) {
        return new ImageFolder.Options(model.width(), model.height(), model.channels(), 0.1, seed);
    }
}
