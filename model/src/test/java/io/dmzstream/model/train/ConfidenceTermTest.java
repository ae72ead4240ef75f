package io.dmzstream.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.network.NetworkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The confidence term moves what it claims to: the per-image bit entropy. Two tiny runs on real MNIST
 * that differ only in its weight; with the term the bits end up more certain than without it. Without
 * the term the balance term is happy with p = 1/2 everywhere, the collapse the term exists to prevent.
 */
class ConfidenceTermTest {

    @Test
    void theConfidenceTermLowersThePerImageBitEntropy() throws IOException {
        Path root = Files.createTempDirectory("dmz-confidence");
        Dataset data = Datasets.load("mnist", Dataset.Split.TRAIN).head(256);
        double without = train(root.resolve("off"), 0f, data).lastBitEntropy();
        DmzTrainer.Outcome on = train(root.resolve("on"), 0.1f, data);
        assertTrue(without > 0 && without <= 1, "bit entropy is in bits per bit: " + without);
        assertTrue(on.lastBitEntropy() < without - 0.05,
                "with the confidence term the bit entropy should drop well below " + without + ", got " + on.lastBitEntropy());
        // steered to its target, not to 0: saturated bits pass no gradient back to the encoder
        assertTrue(on.lastBitEntropy() > 0.5 * TrainingGraph.CONFIDENCE_TARGET_BITS,
                "bits saturated well below the confidence target: " + on.lastBitEntropy());
        // the bits stay balanced: a code that is the same for every image (balance term at its maximum, ln 2) would be certain but say nothing either
        assertTrue(on.lastBalance() < 0.5 * Math.log(2), "the code collapsed to a constant: balance " + on.lastBalance());
    }

    private static DmzTrainer.Outcome train(Path dir, float confidence, Dataset data) {
        // a large learning rate so that 30 steps are enough to move the encoder's logits
        var config = new TrainConfig("dmz-tiny", "mnist", NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1), 30, 0, 16,
                1e-3f, 0f, 0.9f, 0.1f, 0.1f, confidence, 0f, 1000, 3, 1000, dir.resolve("out"), dir.resolve("work"), 0);
        return new DmzTrainer(config).train(data);
    }
}
