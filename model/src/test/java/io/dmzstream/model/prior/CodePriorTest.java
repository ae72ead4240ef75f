package io.dmzstream.model.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Priors fitted to toy code distributions with known structure, exported and served through DJL:
 * six bits where bit 1 copies bit 0 and, for the conditional prior, bit 2 is the class (5 bits of
 * entropy given the class, against 6 for uniform codes).
 */
class CodePriorTest {
    private static final int D = 6;
    private static Path root;
    private static Path unconditionalModel;
    private static Path conditionalModel;
    private static CodePrior unconditional;
    private static CodePrior conditional;

    /** Bit 1 = bit 0; bit 2 = 1 - class when conditional; every other bit a fair coin. */
    private static LabelledCodes toy(int n, boolean withClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] bits = new float[n][D];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < D; k++) {
                bits[i][k] = rng.nextBoolean() ? 1f : 0f;
            }
            bits[i][1] = bits[i][0];
            if (withClass) {
                classes[i] = rng.nextInt(2);
                bits[i][2] = 1 - classes[i];
            }
        }
        return new LabelledCodes(bits, classes);
    }

    @BeforeAll
    static void fitToyPriors() throws IOException {
        root = Files.createTempDirectory("dmz-prior");
        unconditionalModel = fakeModel("toy-a", List.of("*"));
        conditionalModel = fakeModel("toy-b", List.of("even", "odd"));
        fit(unconditionalModel, toy(4000, false, 1), List.of("*"));
        fit(conditionalModel, toy(4000, true, 2), List.of("even", "odd"));
        unconditional = CodePriors.load(unconditionalModel);
        conditional = CodePriors.load(conditionalModel);
    }

    /** A model folder with just a manifest and one weights file: all a prior checks about its model. */
    private static Path fakeModel(String name, List<String> labels) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("saved_model.pb"), "weights of " + name);
        Files.writeString(dir.resolve("manifest.json"), """
                {"name": "%s", "version": "0.0.1", "bits": %d, "labels": [%s], "files": {"saved_model.pb": "%s"}}
                """.formatted(name, D, labels.size() > 1 ? "\"even\", \"odd\"" : "", ModelFolder.sha256(dir.resolve("saved_model.pb"))));
        return dir;
    }

    private static void fit(Path modelDir, LabelledCodes codes, List<String> classes) throws IOException {
        MadeConfig config = new MadeConfig(D, 32, 1, classes.size());
        LabelledCodes train = codes.slice(0, 3500);
        LabelledCodes validation = codes.slice(3500, codes.size());
        PriorTrainer.Fit fit = new PriorTrainer(config, 40, 64, 1e-2f, 4, 3).fit(train, validation);
        var model = new ModelFolder(modelDir).verify();
        double[] freq = train.classFrequencies(classes.size());
        PriorJob.export(CodePriors.folder(modelDir), config, fit.weights(), new PriorManifest(model.name() + "-prior", "0.0.1",
                model.name() + ":" + model.version(), PriorManifest.fingerprint(model), D, 32, 1, classes.size() > 1, classes,
                Arrays.stream(freq).boxed().toList(), Map.of(), Map.of(), List.of(PriorManifest.SAMPLE, PriorManifest.LOG_PROB), Map.of()));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (unconditional != null) {
            unconditional.close();
        }
        if (conditional != null) {
            conditional.close();
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int[] classes(int n, int c) {
        int[] out = new int[n];
        Arrays.fill(out, c);
        return out;
    }

    private static long[] seeds(int n, long first) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = first + i;
        }
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void learnsTheCorrelationAndScoresBelowUniform() {
        LabelledCodes test = toy(1000, false, 99);
        double nll = mean(unconditional.nllBits(test.bits(), classes(test.size(), CodePrior.ANY_CLASS)));
        // the true entropy is 5 bits; uniform codes cost 6, and so do independent bits (bit 0 and bit 1 are each fair)
        assertTrue(nll < 5.3, "NLL " + nll + " bits, uniform is " + D);
        assertTrue(nll > 4.7, "NLL " + nll + " bits is below the entropy of the toy distribution");
        float[][] broken = test.bits();
        for (float[] row : broken) {
            row[1] = 1 - row[0];
        }
        double impossible = mean(unconditional.nllBits(broken, classes(test.size(), CodePrior.ANY_CLASS)));
        assertTrue(impossible > D + 2, "codes with bit 1 != bit 0 never occur, yet cost only " + impossible + " bits");
    }

    @Test
    void samplingIsDeterministicPerSeedAndFollowsTheDistribution() {
        int n = 400;
        float[][] a = unconditional.sample(classes(n, CodePrior.ANY_CLASS), seeds(n, 0));
        float[][] b = unconditional.sample(classes(n, CodePrior.ANY_CLASS), seeds(n, 0));
        float[][] other = unconditional.sample(classes(n, CodePrior.ANY_CLASS), seeds(n, 10_000));
        int differing = 0;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            assertArrayEquals(a[i], b[i], 0f, "seed " + i);
            differing += Arrays.equals(a[i], other[i]) ? 0 : 1;
            copied += a[i][1] == a[i][0] ? 1 : 0;
            for (float v : a[i]) {
                assertTrue(v == 0f || v == 1f, "not a bit: " + v);
            }
        }
        // two independent draws from 32 equally likely codes agree 1 time in 32
        assertTrue(differing > n * 0.85, differing + " of " + n + " rows differ between seed ranges");
        assertTrue(copied > n * 0.97, "bit 1 copies bit 0 in only " + copied + " of " + n + " samples");
        // a row depends on its seed only, not on its batch
        float[][] alone = unconditional.sample(new int[]{CodePrior.ANY_CLASS}, new long[]{7});
        assertArrayEquals(a[7], alone[0], 0f);
    }

    @Test
    void conditionalPriorHonoursTheClassAndItsMarginalCostsOneBitMore() {
        int n = 300;
        for (int c = 0; c < 2; c++) {
            float[][] s = conditional.sample(classes(n, c), seeds(n, 500));
            int right = 0;
            for (float[] row : s) {
                right += row[2] == 1 - c ? 1 : 0;
            }
            assertTrue(right > n * 0.97, "class " + c + ": bit 2 right in only " + right + " of " + n);
        }
        LabelledCodes test = toy(1000, true, 77);
        double given = mean(conditional.nllBits(test.bits(), test.classes()));
        double marginal = mean(conditional.nllBits(test.bits(), classes(test.size(), CodePrior.ANY_CLASS)));
        assertTrue(given < 4.3, "NLL given the class " + given + " bits; the true figure is 4");
        // the code determines its class (bit 2), so the marginal adds the class's entropy, 1 bit
        assertEquals(1.0, marginal - given, 0.2, "marginal " + marginal + " vs given " + given);
        assertEquals(List.of("even", "odd"), conditional.classes());
    }

    @Test
    void refusesClassesItCannotHonour() {
        assertThrows(IllegalArgumentException.class, () -> unconditional.sample(new int[]{0}, new long[]{1}));
        assertThrows(IllegalArgumentException.class, () -> conditional.sample(new int[]{2}, new long[]{1}));
        assertThrows(IllegalArgumentException.class, () -> conditional.nllBits(new float[][]{{1, 1, 0}}, new int[]{0}));
        assertFalse(unconditional.conditional());
        assertEquals(D, unconditional.bits());
        assertEquals("toy-a:0.0.1", unconditional.model());
    }

    @Test
    void aPriorFittedToOtherWeightsOrCorruptIsRefusedNamingWhy() throws IOException {
        Path retrained = root.resolve("retrained");
        copyTree(unconditionalModel, retrained);
        Files.writeString(retrained.resolve("saved_model.pb"), "new weights");
        Files.writeString(retrained.resolve("manifest.json"), Files.readString(retrained.resolve("manifest.json"))
                .replaceAll("\"saved_model.pb\": \"[0-9a-f]+\"", "\"saved_model.pb\": \"" + ModelFolder.sha256(retrained.resolve("saved_model.pb")) + "\""));
        var stale = assertThrows(ModelFolder.ModelFolderException.class, () -> CodePriors.load(retrained));
        assertTrue(stale.getMessage().contains("other weights"), stale.getMessage());

        Path corrupt = root.resolve("corrupt");
        copyTree(unconditionalModel, corrupt);
        Path index = CodePriors.folder(corrupt).resolve("variables").resolve("variables.index");
        Files.write(index, new byte[]{1, 2, 3});
        var e = assertThrows(ModelFolder.ModelFolderException.class, () -> CodePriors.load(corrupt));
        assertTrue(e.getMessage().contains("variables.index"), e.getMessage());

        var none = assertThrows(ModelFolder.ModelFolderException.class, () -> CodePriors.load(root.resolve("toy-none")));
        assertTrue(none.getMessage().contains("no prior"), none.getMessage());
        assertFalse(CodePriors.exists(root.resolve("toy-none")));
        assertTrue(CodePriors.exists(unconditionalModel));
    }

    @Test
    void theModelsOwnHashesLeaveItsPriorOut() throws IOException {
        var hashes = new ModelFolder(unconditionalModel).hashFiles();
        assertEquals(List.of("saved_model.pb"), List.copyOf(hashes.keySet()));
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
}
