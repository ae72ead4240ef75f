package io.dmzstream.model.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.network.NetworkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class term trains what it claims to: a classifier on the soft code whose cross-entropy falls
 * below chance (ln 10) within a few steps on real MNIST, so the gradient reaches the encoder through
 * the code. On unlabelled images it refuses to start, naming the flag.
 */
class ClassTermTest {

    @Test
    void theClassTermTeachesTheCodeTheClass() throws IOException {
        Path dir = Files.createTempDirectory("dmz-class-term");
        Dataset data = Datasets.load("mnist", Dataset.Split.TRAIN).head(512);
        DmzTrainer.Outcome on = new DmzTrainer(config(dir, 1f)).train(data);
        double chance = Math.log(10);
        assertTrue(on.lastClassLoss() < chance - 0.1,
                "class cross-entropy should fall well below chance (" + chance + "), got " + on.lastClassLoss());
        assertTrue(Double.isNaN(new DmzTrainer(config(dir.resolve("off"), 0f)).train(data.head(32)).lastClassLoss()),
                "without the term there is no class loss to report");
    }

    @Test
    void unlabelledImagesRefuseTheClassTerm() throws IOException {
        Path dir = Files.createTempDirectory("dmz-class-term-unlabelled");
        Dataset labelled = Datasets.load("mnist", Dataset.Split.TRAIN).head(32);
        Dataset unlabelled = new Dataset("flat", Dataset.Split.TRAIN, 28, 28, 1, labelled.pixels(),
                new byte[labelled.size()], List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> new DmzTrainer(config(dir, 1f)).train(unlabelled));
        assertTrue(e.getMessage().contains("--label-weight"), e.getMessage());
    }

    private static TrainConfig config(Path dir, float labelWeight) {
        return new TrainConfig("dmz-tiny", "mnist", NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1), 40, 0, 32,
                3e-3f, 0f, 0.9f, 0.1f, 0.1f, 0f, labelWeight, 1000, 3, 1000, dir.resolve("out"), dir.resolve("work"), 0);
    }
}
