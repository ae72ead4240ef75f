package io.dmzstream.model.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Smoke-trains a tiny DMZ on real MNIST, exports it, and serves it through DJL: the whole path a
 * zoo model takes, in under a minute.
 */
class TrainExportServeTest {
    private static Path root;
    private static Path modelDir;
    private static Manifest manifest;
    private static DmzModel model;
    private static Dataset test;

    @BeforeAll
    static void trainTinyModel() throws IOException {
        root = Files.createTempDirectory("dmz-smoke");
        modelDir = root.resolve("dmz-tiny");
        manifest = new TrainJob(config(4, modelDir), "0.0.1", "test").run();
        model = DmzModels.load(modelDir);
        test = Datasets.load("mnist", Dataset.Split.TEST).head(6);
    }

    private static TrainConfig config(int steps, Path out) {
        return new TrainConfig("dmz-tiny", "mnist", NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1), steps, 0, 16,
                1e-3f, 0.01f, 0.9f, 0.1f, 0.1f, 0f, 0f, 1000, 5, 2, out, root.resolve("work"), 512);
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

    private static float[][] images() {
        float[][] x = new float[test.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = test.image(i);
        }
        return x;
    }

    @Test
    void manifestDescribesTheExport() {
        assertEquals("dmz-tiny", manifest.name());
        assertEquals(8, manifest.bits());
        assertEquals(4, manifest.stepsTrained());
        assertTrue(manifest.signatures().containsAll(java.util.List.of("encode", "denoise", "classify")));
        assertTrue(manifest.files().containsKey("saved_model.pb"));
        assertTrue(manifest.files().keySet().stream().anyMatch(f -> f.startsWith("variables/")));
        assertEquals(8, manifest.codeStatistics().bitMeans().length);
        assertTrue(Files.exists(modelDir.resolve("README.md")));
        assertTrue(Files.exists(modelDir.resolve("samples.png")));
    }

    @Test
    void djlServesWhatTensorFlowJavaComputes() {
        float[][] x = images();
        Codes codes = model.encode(x);
        int[] t = {0, 10, 200, 500, 800, 999};
        float[][] eps = model.denoise(x, t, codes.bits());
        float[][] classes = model.classify(codes.probabilities());

        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve")) {
            float[][] refProbs = call(bundle, "encode", Map.of("image", tensor(x, x.length, 28, 28, 1)), "probabilities", x.length);
            float[][] refBits = call(bundle, "encode", Map.of("image", tensor(x, x.length, 28, 28, 1)), "bits", x.length);
            float[] tf = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                tf[i] = t[i];
            }
            float[][] refEps = call(bundle, "denoise", Map.of("x", tensor(x, x.length, 28, 28, 1),
                    "t", TFloat32.tensorOf(Shape.of(t.length), DataBuffers.of(tf, true, false)),
                    "z", tensor(codes.bits(), x.length, 8)), "epsilon", x.length);
            float[][] refClasses = call(bundle, "classify",
                    Map.of("probabilities", tensor(codes.probabilities(), x.length, 8)), "classes", x.length);
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(refProbs[i], codes.probabilities()[i], 1e-5f);
                assertArrayEquals(refBits[i], codes.bits()[i], 0f);
                assertArrayEquals(refEps[i], eps[i], 1e-4f);
                assertArrayEquals(refClasses[i], classes[i], 1e-5f);
            }
        }
        for (float[] row : classes) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void encodeIsDeterministicAndBitsAreThresholdedProbabilities() {
        Codes a = model.encode(images());
        Codes b = model.encode(images());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.probabilities()[i], b.probabilities()[i], 0f);
            for (int k = 0; k < 8; k++) {
                assertEquals(a.probabilities()[i][k] > 0.5f ? 1f : 0f, a.bits()[i][k]);
            }
        }
    }

    @Test
    void decodeWithTheSameSeedIsByteIdentical() {
        float[][] codes = model.encode(images()).bits();
        var pipeline = new DecodePipeline(model, model.sampler(SamplerKind.DDPM));
        long[] seeds = {1, 2, 3, 4, 5, 6};
        float[][] a = pipeline.decode(codes, 3, seeds);
        float[][] b = pipeline.decode(codes, 3, seeds);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0f);
        }
        float[][] c = pipeline.decode(codes, 3, new long[]{7, 8, 9, 10, 11, 12});
        assertFalse(Arrays.equals(a[0], c[0]));
    }

    @Test
    void resumingContinuesFromTheLastCheckpoint() throws IOException {
        // the first run checkpointed at step 4; asking for 6 steps trains only 2 more
        Manifest extended = new TrainJob(config(6, root.resolve("dmz-tiny-resumed")), "0.0.2", "test").run();
        assertEquals(6, extended.stepsTrained());
        String state = Files.readString(root.resolve("work").resolve("state.json"));
        assertTrue(state.contains("\"step\":6"), state);

        // asked again for 6 steps it trains none and only exports: the figures are the run's last, not NaN
        Manifest again = new TrainJob(config(6, root.resolve("dmz-tiny-exported-again")), "0.0.2", "test").run();
        double mse = ((Number) extended.metrics().get("final_train_mse")).doubleValue();
        assertTrue(Double.isFinite(mse), "final_train_mse " + mse);
        assertEquals(mse, ((Number) again.metrics().get("final_train_mse")).doubleValue(), 0.0);
        assertEquals(((Number) extended.metrics().get("final_bit_entropy")).doubleValue(),
                ((Number) again.metrics().get("final_bit_entropy")).doubleValue(), 0.0);
    }

    @Test
    void corruptOrIncompleteFoldersFailNamingTheFile() throws IOException {
        Path copy = root.resolve("copy");
        copyTree(modelDir, copy);
        Path vars = copy.resolve("variables").resolve("variables.index");
        byte[] bytes = Files.readAllBytes(vars);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(vars, bytes);
        var corrupt = assertThrows(ModelFolder.ModelFolderException.class, () -> DmzModels.load(copy));
        assertTrue(corrupt.getMessage().contains("variables.index"), corrupt.getMessage());

        Files.delete(copy.resolve("saved_model.pb"));
        var missing = assertThrows(ModelFolder.ModelFolderException.class, () -> DmzModels.load(copy));
        assertTrue(missing.getMessage().contains("saved_model.pb"), missing.getMessage());

        Files.delete(copy.resolve("manifest.json"));
        var noManifest = assertThrows(ModelFolder.ModelFolderException.class, () -> DmzModels.load(copy));
        assertTrue(noManifest.getMessage().contains("manifest.json"), noManifest.getMessage());

        var noFolder = assertThrows(ModelFolder.ModelFolderException.class, () -> DmzModels.load(root.resolve("nope")));
        assertTrue(noFolder.getMessage().contains("nope"), noFolder.getMessage());
    }

    @Test
    void tinyEvaluationWritesAReport() throws IOException {
        Path zoo = root.resolve("zoo");
        copyTree(modelDir, zoo.resolve("dmz-mnist"));
        // the matched baseline comes from the same code with one switch: it must train, export and decode too
        var base = new TrainConfig("baseline-mnist", "mnist", NetworkConfig.of(8, 8, 8, 8, false, 28, 28, 1), 2, 0, 16,
                1e-3f, 0.01f, 0.9f, 0.1f, 0.1f, 0f, 0f, 1000, 5, 2, zoo.resolve("baseline-mnist"), root.resolve("work-base"), 512);
        assertEquals(false, new TrainJob(base, "0.0.1", "test").run().conditioned());
        Path docs = root.resolve("docs");
        // K = 3 for the baseline alone: its reference point without decoding every variant there
        var settings = io.dmzstream.model.evaluation.Evaluator.Settings.tiny().withBaselineSteps(java.util.List.of(3));
        io.dmzstream.model.evaluation.DatasetEvaluation eval;
        try (var evaluator = new io.dmzstream.model.evaluation.Evaluator(zoo, docs, settings, root.resolve("reference-cache"), false)) {
            eval = evaluator.evaluate("mnist");
        }
        new io.dmzstream.model.evaluation.EvaluationReport(java.util.List.of(eval), "mnist", Map.of(), "test", "test", settings)
                .write(docs);
        var json = io.dmzstream.model.export.ModelFolder.JSON.readTree(docs.resolve("evaluation.json").toFile());
        var mnist = json.path("datasets").path("mnist");
        assertEquals(8, mnist.path("bits").asInt());
        for (String k : new String[]{"1", "2"}) {
            for (String variant : new String[]{"dmz_codes", "dmz_uniform", "baseline"}) {
                double fid = mnist.path("fid").path(variant).path(k).asDouble(-1);
                assertTrue(fid >= 0 && Double.isFinite(fid), variant + " fid " + fid);
            }
            double c = mnist.path("recon_label_consistency").path(k).asDouble(-1);
            assertTrue(c >= 0 && c <= 1, "consistency " + c);
        }
        double baselineOnly = mnist.path("fid").path("baseline").path("3").asDouble(-1);
        assertTrue(baselineOnly >= 0 && Double.isFinite(baselineOnly), "baseline fid at its own K: " + baselineOnly);
        assertTrue(mnist.path("fid").path("dmz_codes").path("3").isMissingNode(), "no other variant is decoded at K = 3");
        assertTrue(mnist.path("recon_label_consistency").path("3").isMissingNode());
        assertTrue(Files.size(docs.resolve("eval/mnist-fid.png")) > 0);
        assertTrue(Files.size(docs.resolve("eval/mnist-samples.png")) > 0);
        assertTrue(Files.readString(docs.resolve("evaluation.md")).contains("| 2 |"));
    }

    @Test
    void bridgeTrainsExportsAndTransfersThroughDjl() throws IOException {
        // the tiny model bridged to itself: a paired domain by construction, enough to exercise the whole path
        Path bridgeDir = root.resolve("bridge-self");
        var m = new io.dmzstream.model.bridge.BridgeJob(modelDir, modelDir, bridgeDir, 8, 3, 1024, "test").run();
        assertEquals(8, m.sourceBits());
        double acc = ((Number) m.metrics().get("test_bit_accuracy")).doubleValue();
        assertTrue(acc > 0.75 && acc <= 1.0, "an identity bridge is easy to learn; bit accuracy " + acc);
        try (CodeBridge bridge = CodeBridges.load(bridgeDir)) {
            assertEquals("mnist", bridge.targetDomain());
            var pipeline = new io.dmzstream.model.pipeline.TransferPipeline(model, bridge, model, SamplerKind.DDPM);
            float[][] out = pipeline.transfer(images(), 2, new long[]{1, 2, 3, 4, 5, 6});
            assertEquals(6, out.length);
            assertEquals(784, out[0].length);
            float[][] again = pipeline.transfer(images(), 2, new long[]{1, 2, 3, 4, 5, 6});
            assertArrayEquals(out[3], again[3], 0f);
        }
        io.dmzstream.model.evaluation.TransferEvaluation t;
        try (var evaluator = new io.dmzstream.model.evaluation.Evaluator(root, root.resolve("docs-transfer"),
                io.dmzstream.model.evaluation.Evaluator.Settings.tiny(), root.resolve("reference-cache"), false)) {
            t = evaluator.transfer(modelDir, bridgeDir, modelDir);
        }
        assertEquals("mnist->mnist", t.pair());
        assertEquals(java.util.Set.of(1, 2), t.labelAccuracy().keySet());
        t.labelAccuracy().values().forEach(v -> assertTrue(v >= 0 && v <= 1));
        assertTrue(t.bitAccuracy() > 0.75, "bit accuracy " + t.bitAccuracy());
        assertTrue(Files.exists(root.resolve("docs-transfer").resolve(t.grid())));

        Files.write(bridgeDir.resolve("variables").resolve("variables.index"), new byte[]{1, 2, 3});
        var e = assertThrows(ModelFolder.ModelFolderException.class, () -> CodeBridges.load(bridgeDir));
        assertTrue(e.getMessage().contains("variables.index"), e.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static TFloat32 tensor(float[][] rows, long... shape) {
        int w = rows[0].length;
        float[] flat = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * w, w);
        }
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(flat, true, false));
    }

    private static float[][] call(SavedModelBundle bundle, String signature, Map<String, Tensor> inputs, String output, int n) {
        try (Result r = bundle.function(signature).call(inputs)) {
            TFloat32 out = (TFloat32) r.get(output).orElseThrow();
            float[] flat = new float[(int) out.shape().size()];
            out.copyTo(DataBuffers.of(flat, false, false));
            float[][] rows = new float[n][];
            int w = flat.length / n;
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * w, (i + 1) * w);
            }
            return rows;
        } finally {
            inputs.values().forEach(Tensor::close);
        }
    }
}
