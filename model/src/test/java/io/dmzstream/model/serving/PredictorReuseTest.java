package io.dmzstream.model.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.dmzstream.model.export.InferenceGraph;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A predictor opens its DJL predictors once (one per signature) and reuses them on every call,
 * decode steps included; the model's own methods share one predictor. Counted on DJL's own
 * {@code ZooModel.newPredictor()}, which every DJL predictor comes from.
 */
class PredictorReuseTest {
    private static final Path MODEL = Path.of("zoo", "dmz-mnist");

    /** A signature whose DJL predictors are counted as they are opened. */
    private static final class Counted extends ZooModel<NDList, NDList> {
        private final AtomicInteger opened;

        Counted(ZooModel<NDList, NDList> signature, AtomicInteger opened) {
            super(signature, signature.getTranslator());
            this.opened = opened;
        }

        @Override
        public Predictor<NDList, NDList> newPredictor() {
            opened.incrementAndGet();
            return super.newPredictor();
        }
    }

    private static DjlDmzModel counted(AtomicInteger opened) throws IOException {
        ModelInfo info;
        try (DmzModel plain = DmzModels.load(MODEL)) {
            info = plain.info();
        }
        TensorFlowThreads threads = TensorFlowThreads.DEFAULT;
        return new DjlDmzModel(info,
                new Counted(DmzModels.signature(MODEL, InferenceGraph.ENCODE, Device.cpu(), threads), opened),
                new Counted(DmzModels.signature(MODEL, InferenceGraph.DENOISE, Device.cpu(), threads), opened),
                new Counted(DmzModels.signature(MODEL, InferenceGraph.CLASSIFY, Device.cpu(), threads), opened));
    }

    @Test
    void aPredictorOpensItsDjlPredictorsOnceAndReusesThemForEveryCall() throws IOException {
        AtomicInteger opened = new AtomicInteger();
        try (DjlDmzModel model = counted(opened)) {
            assertEquals(0, opened.get(), "loading opens no predictor");
            int pixels = model.info().pixels();
            try (DmzPredictor predictor = model.newPredictor()) {
                assertEquals(3, opened.get(), "one DJL predictor per signature");
                float[][] images = new float[3][pixels];
                for (int call = 0; call < 5; call++) {
                    Codes codes = predictor.encode(images);
                    predictor.classify(codes.probabilities());
                    predictor.denoise(images, new int[] {1, 500, 999}, codes.bits());
                }
                // a K = 10 decode: ten denoiser calls, all through the same predictor
                float[][] code = predictor.encode(new float[][] {new float[pixels]}).bits();
                new DecodePipeline(predictor, model.sampler(SamplerKind.DDPM)).decode(code, 10, new long[] {1});
                assertEquals(3, opened.get(), "no call opens a predictor");
            }
            for (int call = 0; call < 5; call++) {
                model.encode(new float[][] {new float[pixels]});
                model.denoise(new float[][] {new float[pixels]}, new int[] {10}, new float[][] {new float[model.info().bits()]});
            }
            assertEquals(6, opened.get(), "the model's own methods share one predictor, opened on first use");
        }
    }

    @Test
    void aPredictorAnswersAsTheModelDoesForAnyBatchSize() throws IOException {
        try (DmzModel model = DmzModels.load(MODEL); DmzPredictor predictor = model.newPredictor()) {
            int pixels = model.info().pixels();
            // batches that grow and shrink: the staging buffers are reused and regrown, never read stale
            for (int n : new int[] {1, 7, 2, 16, 3}) {
                float[][] images = new float[n][pixels];
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < pixels; p++) {
                        images[i][p] = ((i * 31 + p * 7) % 255) / 127.5f - 1f;
                    }
                }
                Codes ours = predictor.encode(images);
                for (int i = 0; i < n; i++) {
                    Codes alone = model.encode(new float[][] {images[i]});
                    assertArrayEquals(alone.probabilities()[0], ours.probabilities()[i], 1e-4f, "row " + i + " of " + n);
                }
            }
        }
    }
}
