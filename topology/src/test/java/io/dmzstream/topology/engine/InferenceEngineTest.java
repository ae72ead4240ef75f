package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.testing.StandInModel;
import io.dmzstream.topology.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {

    static float[] image(long seed) {
        Random r = new Random(seed);
        float[] img = new float[28 * 28];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat() * 2 - 1;
        }
        return img;
    }

    static InferenceRequest request(long seed, Set<Product> products, int steps) {
        return new InferenceRequest("edges", image(seed), products, steps, "fashion", seed);
    }

    static EngineSettings.Builder settings() {
        return EngineSettings.builder().maxBatchSize(16).maxQueueDelay(Duration.ofMillis(10)).decodeSlots(8);
    }

    @Test
    void decodesAGivenCodeInTheDecodeLaneAndRefusesAWrongLength() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), TestModels.source())) {
            float[] code = new float[StandInModel.BITS];
            code[0] = 1f;
            InferenceResult r = engine.decode("mnist", code, 6, 11L).get(10, TimeUnit.SECONDS);
            assertEquals(6, r.reconstruction().steps());
            assertEquals(11L, r.reconstruction().seed());
            assertEquals("standin-mnist", r.reconstruction().model().name());
            var wrong = engine.decode("mnist", new float[3], 6, 11L);
            assertEquals(InferenceException.class, assertThrows(ExecutionException.class,
                    () -> wrong.get(10, TimeUnit.SECONDS)).getCause().getClass());
        }
    }

    @Test
    void producesEveryRequestedProduct() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), TestModels.source())) {
            InferenceResult r = engine.submit(request(1, EnumSet.complementOf(EnumSet.of(Product.SAMPLE)), 10)).get(10, TimeUnit.SECONDS);
            assertEquals("standin-edges", r.model().name());
            assertEquals(StandInModel.BITS, r.bits().length);
            assertEquals(10, r.classProbabilities().length);
            assertEquals(10, r.reconstruction().steps());
            assertEquals("standin-edges", r.reconstruction().model().name());
            assertEquals("standin-fashion", r.transfer().decoded().model().name());
            assertEquals(TestModels.BRIDGE, r.transfer().bridge());
            // the stand-in's decoder converges to the blocky image of the code
            float[] expected = StandInModel.blocky(r.bits());
            double mse = 0;
            for (int i = 0; i < expected.length; i++) {
                double d = expected[i] - r.reconstruction().image()[i];
                mse += d * d;
            }
            assertTrue(mse / expected.length < 0.01, "reconstruction mse " + mse / expected.length);

            InferenceResult latentOnly = engine.submit(request(2, EnumSet.of(Product.LATENT), 0)).get(10, TimeUnit.SECONDS);
            assertNull(latentOnly.classProbabilities());
            assertNull(latentOnly.reconstruction());
            assertNull(latentOnly.transfer());
        }
    }

    @Test
    void sameSeedDecodesIdentically() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), TestModels.source())) {
            InferenceRequest req = request(7, EnumSet.of(Product.RECONSTRUCTION), 5);
            float[] a = engine.submit(req).get(10, TimeUnit.SECONDS).reconstruction().image();
            float[] b = engine.submit(req).get(10, TimeUnit.SECONDS).reconstruction().image();
            assertArrayEquals(a, b);
            InferenceRequest other = new InferenceRequest(req.domain(), req.image(), req.products(), 5, null, 8);
            float[] c = engine.submit(other).get(10, TimeUnit.SECONDS).reconstruction().image();
            assertTrue(!java.util.Arrays.equals(a, c), "a different seed must draw different noise");
        }
    }

    @Test
    void mergesConcurrentRequestsIntoBatches() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().maxQueueDelay(Duration.ofMillis(30)).build(),
                TestModels.source())) {
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 16;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 16; i++) {
                        CompletableFuture<InferenceResult> f = engine.submit(request(base + i, EnumSet.of(Product.LABEL), 0));
                        synchronized (futures) {
                            futures.add(f);
                        }
                    }
                });
                submitters.add(th);
                th.start();
            }
            for (Thread th : submitters) {
                th.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(64, engine.stats().encodeRows());
            assertTrue(engine.stats().meanEncodeBatch() >= 4, "mean encode batch " + engine.stats().meanEncodeBatch());
        }
    }

    @Test
    void continuousBatchingSharesTicksAcrossStepsAndNeedsFewerCallsThanStatic() throws Exception {
        long continuous = denoiseCallsForMixedK(DecodeMode.CONTINUOUS);
        long stat = denoiseCallsForMixedK(DecodeMode.STATIC);
        // 16 requests alternating K=2 and K=20 with 4 slots: static batches wait for their K=20 member
        assertTrue(continuous < stat, "continuous " + continuous + " vs static " + stat);
    }

    private long denoiseCallsForMixedK(DecodeMode mode) throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().decodeSlots(4).decodeMode(mode)
                .maxQueueDelay(Duration.ofMillis(20)).build(), TestModels.source())) {
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(engine.submit(new InferenceRequest("mnist", image(i), EnumSet.of(Product.RECONSTRUCTION),
                        i % 2 == 0 ? 2 : 20, null, i)));
            }
            for (CompletableFuture<InferenceResult> f : futures) {
                assertNotNull(f.get(20, TimeUnit.SECONDS).reconstruction());
            }
            assertEquals(16 / 2 * 2 + 16 / 2 * 20, engine.stats().denoiseRows());
            return engine.stats().denoiseCalls();
        }
    }

    @Test
    void aPoisonRowFailsAloneAndItsBatchMatesSucceed() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().maxQueueDelay(Duration.ofMillis(50)).build(),
                TestModels.source())) {
            float[] poison = image(3);
            poison[0] = 1f;
            poison[1] = -1f;
            poison[2] = 1f;
            CompletableFuture<InferenceResult> good1 = engine.submit(request(1, EnumSet.of(Product.LATENT), 0));
            CompletableFuture<InferenceResult> bad = engine.submit(
                    new InferenceRequest("edges", poison, EnumSet.of(Product.LATENT), 0, null, 1));
            CompletableFuture<InferenceResult> good2 = engine.submit(request(2, EnumSet.of(Product.LATENT), 0));
            assertNotNull(good1.get(10, TimeUnit.SECONDS));
            assertNotNull(good2.get(10, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            InferenceException ie = assertInstanceOf(InferenceException.class, e.getCause());
            assertEquals("encode", ie.stage());
            assertEquals(1, engine.stats().failed());
        }
    }

    @Test
    void unknownDomainAndMissingBridgeFailFast() {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), TestModels.source())) {
            var noModel = engine.submit(new InferenceRequest("cifar", image(1), EnumSet.of(Product.LATENT), 0, null, 1));
            var noBridge = engine.submit(new InferenceRequest("mnist", image(1), EnumSet.of(Product.TRANSFER), 3, "fashion", 1));
            assertInstanceOf(InferenceException.class, assertThrows(ExecutionException.class, noModel::get).getCause());
            assertInstanceOf(InferenceException.class, assertThrows(ExecutionException.class, noBridge::get).getCause());
        }
    }

    @Test
    void closeFailsUnfinishedRequestsWithEngineClosed() throws Exception {
        InferenceEngine engine = InferenceEngine.start(settings().decodeSlots(1).build(),
                TestModels.standIns(Duration.ofMillis(20)));
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(engine.submit(request(i, EnumSet.of(Product.RECONSTRUCTION), 50)));
        }
        Thread.sleep(100);
        engine.close();
        for (CompletableFuture<InferenceResult> f : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertInstanceOf(EngineClosedException.class, e.getCause());
        }
        var late = engine.submit(request(9, EnumSet.of(Product.LATENT), 0));
        assertInstanceOf(EngineClosedException.class, assertThrows(ExecutionException.class, late::get).getCause());
    }
}
