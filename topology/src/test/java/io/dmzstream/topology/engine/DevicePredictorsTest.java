package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzPredictor;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.topology.testing.StandInModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each device worker opens one predictor per model and calls every batch and decode tick through
 * it, closing it when it stops: with two CPU workers sharing one catalog, 40 requests of encode
 * batches and K = 5 decodes open exactly two predictors, and both are closed with the engine.
 */
class DevicePredictorsTest {

    /** A stand-in counting the predictors opened on it and closed; its calls are the stand-in's. */
    private static final class Counted implements DmzModel {
        final StandInModel inner = new StandInModel("edges", Duration.ZERO);
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger callsOutsidePredictors = new AtomicInteger();

        @Override
        public DmzPredictor newPredictor() {
            opened.incrementAndGet();
            return new DmzPredictor() {
                @Override
                public Codes encode(float[][] images) {
                    return inner.encode(images);
                }

                @Override
                public float[][] classify(float[][] probabilities) {
                    return inner.classify(probabilities);
                }

                @Override
                public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
                    return inner.denoise(x, timesteps, codes);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        @Override
        public ModelInfo info() {
            return inner.info();
        }

        @Override
        public Codes encode(float[][] images) {
            callsOutsidePredictors.incrementAndGet();
            return inner.encode(images);
        }

        @Override
        public float[][] classify(float[][] probabilities) {
            callsOutsidePredictors.incrementAndGet();
            return inner.classify(probabilities);
        }

        @Override
        public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
            callsOutsidePredictors.incrementAndGet();
            return inner.denoise(x, timesteps, codes);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void everyWorkerOpensOnePredictorPerModelAndClosesItWhenItStops() throws Exception {
        Counted model = new Counted();
        ModelCatalog catalog = ModelCatalog.of(Map.of("edges", model), Map.of());
        EngineSettings settings = EngineSettings.builder().maxBatchSize(8).maxQueueDelay(Duration.ofMillis(5))
                .decodeSlots(4).devices(List.of(Device.parse("cpu:0"), Device.parse("cpu:1"))).build();
        InferenceEngine engine = InferenceEngine.start(settings, device -> catalog);
        try {
            List<CompletableFuture<InferenceResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(engine.submit(InferenceEngineTest.request(i,
                        EnumSet.of(Product.LATENT, Product.LABEL, Product.RECONSTRUCTION), 5)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long calls = engine.stats().encodeCalls() + engine.stats().denoiseCalls();
            assertTrue(calls > 2, "the requests took several model calls: " + calls);
            assertTrue(model.opened.get() >= 1 && model.opened.get() <= 2,
                    "one predictor per worker that served: " + model.opened.get());
            assertEquals(0, model.callsOutsidePredictors.get(), "every model call goes through a worker's predictor");
        } finally {
            engine.close();
        }
        assertEquals(model.opened.get(), model.closed.get(), "each worker closes its predictor when it stops");
    }
}
