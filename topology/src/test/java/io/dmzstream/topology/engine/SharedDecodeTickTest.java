package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.DmzModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's decode lane and the model module's {@link DecodePipeline} run the same decode
 * tick: on the committed {@code dmz-mnist}, the same codes and seeds decode to the same images,
 * bit for bit, whether a stream request or a pipeline call asks (same batch, same sessions).
 */
class SharedDecodeTickTest {
    private static final Path ZOO = Path.of("..", "model", "zoo");
    private static final int N = 4;
    private static final int K = 10;

    @Test
    void decodeLaneAndDecodePipelineGiveTheSameImages() throws Exception {
        ZooModelSource source = new ZooModelSource(ZOO, List.of("dmz-mnist"), List.of(), 1);
        // batches fire when full (N), so the lane's one encode batch and decode tick hold the same rows as the pipeline's
        EngineSettings settings = EngineSettings.builder().maxBatchSize(N).decodeSlots(N)
                .maxQueueDelay(Duration.ofSeconds(20)).sampler(SamplerKind.DDPM).build();
        try (InferenceEngine engine = InferenceEngine.start(settings, source)) {
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            float[][] images = new float[N][];
            long[] seeds = new long[N];
            for (int i = 0; i < N; i++) {
                images[i] = InferenceEngineTest.image(100 + i);
                seeds[i] = 7 + i;
                futures.add(engine.submit(new InferenceRequest("mnist", images[i], EnumSet.of(Product.RECONSTRUCTION),
                        K, null, seeds[i])));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertEquals(1, engine.stats().encodeCalls(), "one encode batch of all " + N);

            DmzModel model = source.open(Device.cpu()).model("mnist");
            float[][] codes = model.encode(images).bits();
            float[][] expected = new DecodePipeline(model, model.sampler(SamplerKind.DDPM)).decode(codes, K, seeds);
            for (int i = 0; i < N; i++) {
                InferenceResult r = futures.get(i).get();
                assertArrayEquals(codes[i], r.bits(), "code " + i);
                assertArrayEquals(expected[i], r.reconstruction().image(), "image " + i);
            }
        }
    }
}
