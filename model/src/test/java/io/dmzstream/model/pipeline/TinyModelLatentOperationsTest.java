package io.dmzstream.model.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.prior.PriorJob;
import io.dmzstream.model.prior.PriorSettings;
import io.dmzstream.model.sampler.ReconstructionMode;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exact reconstruction and the code prior on a tiny DMZ trained on real MNIST in a few seconds:
 * the paths {@code train-prior} and an exact-mode reconstruction take with a zoo model.
 */
class TinyModelLatentOperationsTest {
    private static Path root;
    private static Path modelDir;
    private static DmzModel model;
    private static float[][] images;

    @BeforeAll
    static void trainTinyModel() throws IOException {
        root = Files.createTempDirectory("dmz-latent-ops");
        modelDir = root.resolve("dmz-tiny");
        var config = new TrainConfig("dmz-tiny", "mnist", NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1), 12, 0, 16,
                1e-3f, 0.01f, 0.9f, 0.1f, 0.1f, 0f, 0f, 1000, 5, 12, modelDir, root.resolve("work"), 512);
        new TrainJob(config, "0.0.1", "test").run();
        model = DmzModels.load(modelDir);
        Dataset test = Datasets.load("mnist", Dataset.Split.TEST).head(8);
        images = new float[test.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = test.image(i);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (model != null) {
            model.close();
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double mse(float[][] a, float[][] b) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < a[i].length; p++) {
                s += (a[i][p] - b[i][p]) * (a[i][p] - b[i][p]);
                n++;
            }
        }
        return s / n;
    }

    @Test
    void exactReconstructionGivesTheInputBackBetterThanSemantic() {
        float[][] codes = model.encode(images).bits();
        long[] seeds = new long[images.length];
        Arrays.setAll(seeds, i -> 100 + i);
        var pipeline = new DecodePipeline(model, model.sampler(SamplerKind.DDPM));
        float[][] exact = pipeline.reconstruct(images, codes, 5, seeds, ReconstructionMode.EXACT);
        float[][] semantic = pipeline.reconstruct(images, codes, 5, seeds, ReconstructionMode.SEMANTIC);
        double exactError = mse(exact, images);
        double semanticError = mse(semantic, images);
        assertTrue(exactError < 0.8 * semanticError, "exact MSE " + exactError + " vs semantic " + semanticError);
        float[][] again = pipeline.reconstruct(images, codes, 5, new long[images.length], ReconstructionMode.EXACT);
        for (int i = 0; i < images.length; i++) {
            assertArrayEquals(exact[i], again[i], 0f, "exact reconstruction must not depend on the seed");
        }
    }

    @Test
    void trainPriorExportsAServedSeededPriorBesideTheModel() throws IOException {
        var settings = new PriorSettings(64, 1, true, 3, 64, 1e-3f, 2, 4, 600);
        PriorManifest m = new PriorJob(modelDir, settings, "test").run();
        assertEquals("dmz-tiny:0.0.1", m.model());
        assertEquals(8, m.bits());
        assertEquals(((Number) m.metrics().get("uniform_bits")).intValue(), 8);
        double nll = ((Number) m.metrics().get("nll_bits_test")).doubleValue();
        assertTrue(nll > 0 && Double.isFinite(nll), "test NLL " + nll);
        assertTrue(m.files().keySet().containsAll(java.util.List.of("saved_model.pb", "README.md", "samples.png")), m.files().toString());
        // the model folder is untouched by its prior: it still verifies and its own hashes leave prior/ out
        new ModelFolder(modelDir).verify();
        assertFalse(new ModelFolder(modelDir).hashFiles().keySet().stream().anyMatch(f -> f.startsWith("prior/")));
        try (CodePrior prior = CodePriors.load(modelDir)) {
            assertTrue(prior.conditional());
            assertEquals(10, prior.classes().size());
            int[] classes = {0, 3, 7, CodePrior.ANY_CLASS};
            long[] seeds = {1, 2, 3, 4};
            float[][] a = prior.sample(classes, seeds);
            float[][] b = prior.sample(classes, seeds);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0f);
            }
            // generation: prior codes decoded like any code, reproducible per (class, seed)
            var generate = new GeneratePipeline(prior, new DecodePipeline(model, model.sampler(SamplerKind.DDPM)));
            GeneratePipeline.Samples s1 = generate.generate(classes, seeds, 2);
            GeneratePipeline.Samples s2 = generate.generate(new int[]{7}, new long[]{3}, 2);
            assertEquals(784, s1.images()[0].length);
            assertArrayEquals(s1.codes()[2], s2.codes()[0], 0f);
            // the code is batch-independent bit for bit; TensorFlow's CPU kernels (oneDNN) may round the
            // denoiser's output differently in another batch size, so the image is compared to float precision
            assertArrayEquals(s1.images()[2], s2.images()[0], 1e-5f);
        }
    }
}
