package io.dmzstream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference classifier is trained once per set of inputs and reused from its cache folder while they match. */
class ReferenceClassifierCacheTest {
    private static final int STEPS = 15;

    @TempDir
    Path cache;

    /** 8x8 images: class 0 bright on the left half, class 1 on the right, with noise. */
    private static Dataset toy(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 64;
        byte[] px = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 2);
            for (int p = 0; p < 64; p++) {
                boolean lit = (p % 8 < 4) == (i % 2 == 0);
                px[i * 64 + p] = (byte) ((lit ? 180 : 20) + rng.nextInt(60));
            }
        }
        return new Dataset("toy", Dataset.Split.TRAIN, 8, 8, px, labels, List.of("left", "right"));
    }

    private static float[][] probe(Dataset d) {
        return Evaluator.images(d, 8);
    }

    @Test
    void aMatchingManifestReusesTheCachedWeights() throws IOException {
        Dataset data = toy(1);
        float[][] trained;
        try (var first = ReferenceClassifiers.load(cache, data, STEPS, 7, false).classifier()) {
            trained = first.features(probe(data));
        }
        assertTrue(Files.isRegularFile(cache.resolve("toy").resolve(ReferenceClassifiers.MANIFEST)));
        assertTrue(Files.isRegularFile(cache.resolve("toy").resolve(ReferenceClassifiers.WEIGHTS)));
        var again = ReferenceClassifiers.load(cache, data, STEPS, 7, false);
        try (var c = again.classifier()) {
            assertTrue(again.reused(), "same inputs: the cached classifier");
            float[][] reused = c.features(probe(data));
            for (int i = 0; i < trained.length; i++) {
                assertArrayEquals(trained[i], reused[i], 0f, "the cached weights give the trained classifier's features");
            }
        }
    }

    @Test
    void otherInputsOrAnAlteredWeightFileRetrain() throws IOException {
        Dataset data = toy(1);
        var first = ReferenceClassifiers.load(cache, data, STEPS, 7, false);
        first.classifier().close();
        assertFalse(first.reused());
        String key = first.manifest().inputsSha256();

        var moreSteps = ReferenceClassifiers.load(cache, data, STEPS + 1, 7, false);
        moreSteps.classifier().close();
        assertFalse(moreSteps.reused(), "other steps: retrained");
        assertNotEquals(key, moreSteps.manifest().inputsSha256());

        var otherData = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 7, false);
        otherData.classifier().close();
        assertFalse(otherData.reused(), "other training images: retrained");

        var otherSeed = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 8, false);
        otherSeed.classifier().close();
        assertFalse(otherSeed.reused(), "other seed: retrained");

        var same = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 8, false);
        same.classifier().close();
        assertTrue(same.reused(), "the last training is what the cache holds now");

        Path weights = cache.resolve("toy").resolve(ReferenceClassifiers.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        var repaired = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 8, false);
        repaired.classifier().close();
        assertFalse(repaired.reused(), "a weight file that no longer matches its manifest is not trusted");

        var forced = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 8, true);
        forced.classifier().close();
        assertFalse(forced.reused(), "--retrain-reference retrains a matching cache");
        assertEquals(repaired.manifest().inputsSha256(), forced.manifest().inputsSha256());
        var afterForced = ReferenceClassifiers.load(cache, toy(2), STEPS + 1, 8, false);
        afterForced.classifier().close();
        assertTrue(afterForced.reused(), "the forced retraining is what later runs reuse");
        assertEquals(forced.manifest().weightsSha256(), afterForced.manifest().weightsSha256());
    }
}
