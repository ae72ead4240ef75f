package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.topology.testing.StandInModel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine serves each model at the shape its manifest gives, across a transfer between two shapes. */
class EngineShapesTest {

    @Test
    void transfersDecodeAtTheTargetModelsShapeAndMisShapedRequestsAreRefusedUpFront() throws Exception {
        StandInModel grey = new StandInModel("grey", Duration.ZERO, 24, 32, 1, StandInModel.LABELS);
        StandInModel colour = new StandInModel("colour", Duration.ZERO, 32, 32, 3, StandInModel.LABELS);
        Map<String, DmzModel> models = new LinkedHashMap<>(Map.of("grey", grey, "colour", colour));
        TransferBridge identity = new TransferBridge() {
            @Override
            public String name() {
                return "identity";
            }

            @Override
            public float[][] translate(float[][] p) {
                return p;
            }
        };
        ModelCatalog catalog = ModelCatalog.of(models, Map.of(ModelCatalog.bridgeKey("grey", "colour"), identity));
        try (InferenceEngine engine = InferenceEngine.start(EngineSettings.builder().maxQueueDelay(Duration.ofMillis(2))
                .build(), device -> catalog)) {
            float[] image = new float[24 * 32];
            for (int i = 0; i < image.length; i++) {
                image[i] = (i % 32) < 16 ? 0.9f : -0.9f;
            }
            InferenceResult r = engine.submit(new InferenceRequest("grey", image,
                    EnumSet.of(Product.RECONSTRUCTION, Product.TRANSFER), 10, "colour", 7L)).get(10, TimeUnit.SECONDS);
            assertEquals(24 * 32, r.reconstruction().image().length);
            assertEquals(32 * 32 * 3, r.transfer().decoded().image().length);
            assertEquals("standin-colour", r.transfer().decoded().model().name());

            int calls = grey.encodeCalls.get();
            var refused = engine.submit(new InferenceRequest("grey", new float[28 * 28], EnumSet.of(Product.LATENT),
                    0, null, 1L));
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
            InferenceException cause = assertInstanceOf(InferenceException.class, e.getCause());
            assertEquals("encode", cause.stage());
            assertTrue(cause.getMessage().contains("784") && cause.getMessage().contains("32x24x1"), cause.getMessage());
            assertEquals(calls, grey.encodeCalls.get(), "refused before it reached the model");
        }
    }
}
