package io.dmzstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.ImageShape;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.TransferBridge;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.ImageFiles;
import io.dmzstream.topology.testing.StandInModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology serving models of other shapes than 28x28x1 (stand-ins at 32x32x3, a non-square
 * grey 24x32 and a 16x16 one without a label head, and a grey -> colour bridge): output events
 * state each model's width, height and channels and carry PNGs of that shape; {@code fit} domains
 * record what the producer sent; {@code reject} domains dead-letter it.
 */
class ImageShapesTopologyTest {
    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();
    private final List<InferenceEngine> engines = new java.util.ArrayList<>();
    private TopologyTestDriver driver;
    private DmzStreamConfig config;
    private TestInputTopic<byte[], byte[]> images;
    private final Map<String, List<TestRecord<byte[], Object>>> seen = new HashMap<>();

    private static ModelCatalog catalog() {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        models.put("colour", new StandInModel("colour", Duration.ZERO, 32, 32, 3, StandInModel.LABELS));
        models.put("wide", new StandInModel("wide", Duration.ZERO, 24, 32, 1, StandInModel.LABELS));
        models.put("flat", new StandInModel("flat", Duration.ZERO, 16, 16, 1, List.of()));
        TransferBridge identity = new TransferBridge() {
            @Override
            public String name() {
                return "wide->colour";
            }

            @Override
            public float[][] translate(float[][] p) {
                return p;
            }
        };
        return ModelCatalog.of(models, Map.of(ModelCatalog.bridgeKey("wide", "colour"), identity));
    }

    private InferenceEngine engine() {
        ModelCatalog catalog = catalog();
        InferenceEngine engine = InferenceEngine.start(EngineSettings.builder().maxQueueDelay(Duration.ofMillis(2)).build(),
                device -> catalog);
        engines.add(engine);
        return engine;
    }

    private void start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(Map.of(DmzStreamConfig.STATE_DIR, stateDir.toString()));
        props.putAll(overrides);
        config = new DmzStreamConfig(props);
        driver = new TopologyTestDriver(DmzTopology.build(config, engine(), serdes), StreamsProperties.of(config, "unused:9092"));
        images = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        engines.forEach(InferenceEngine::close);
    }

    private void send(io.dmzstream.schemas.ImageEvent event) {
        images.pipeInput(event.getId().getBytes(StandardCharsets.UTF_8),
                serdes.images().serializer().serialize(config.topics().images(), event));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> List<T> values(String topic, Deserializer<T> values) {
        List<TestRecord<byte[], Object>> list = seen.computeIfAbsent(topic, t -> new java.util.ArrayList<>());
        list.addAll((List) driver.createOutputTopic(topic, new ByteArrayDeserializer(), values).readRecordsToList());
        return (List) list.stream().map(TestRecord::value).toList();
    }

    private List<TestRecord<byte[], Object>> deadLetters() {
        values(config.topics().deadLetters(), new ByteArrayDeserializer());
        return seen.get(config.topics().deadLetters());
    }

    private <T> Map<String, T> byId(List<T> events, java.util.function.Function<T, String> id) {
        return events.stream().collect(Collectors.toMap(id, e -> e));
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for outputs");
            Thread.sleep(5);
            driver.advanceWallClockTime(Duration.ofMillis(10));
        }
    }

    private static BufferedImage png(ByteBuffer png) throws IOException {
        byte[] b = new byte[png.remaining()];
        png.duplicate().get(b);
        assertEquals((byte) 0x89, b[0]);
        return ImageIO.read(new ByteArrayInputStream(b));
    }

    private static void assertShape(BufferedImage img, int width, int height, int channels) {
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        assertEquals(channels, img.getColorModel().getNumColorComponents());
    }

    @Test
    void outputsStateAndCarryEachModelsShape() throws Exception {
        start(Map.of());
        BufferedImage grey = ImageFiles.greySplit(32, 24, 16);
        send(ImageFiles.event("wide", "wide", ImageFormat.RAW_U8, ImageFiles.raw(grey, 1), 32, 24, 1,
                OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION, OutputKind.TRANSFER)
                .setTargetDomain("colour").setSteps(10).build());
        send(ImageFiles.event("rgb", "colour", ImageFormat.PNG, ImageFiles.png(ImageFiles.redOverBlue(32, 32)), 32, 32, 3,
                OutputKind.RECONSTRUCTION).setSteps(3).build());
        send(ImageFiles.event("jpeg", "colour", ImageFormat.JPEG, ImageFiles.jpeg(ImageFiles.redOverBlue(32, 32)),
                32, 32, 3, OutputKind.RECONSTRUCTION).setSteps(3).build());
        await(() -> values(config.topics().reconstructions(), serdes.reconstructions().deserializer()).size() == 3
                && values(config.topics().transfers(), serdes.transfers().deserializer()).size() == 1);

        Map<String, ReconstructionEvent> recons = byId(values(config.topics().reconstructions(),
                serdes.reconstructions().deserializer()), ReconstructionEvent::getId);
        ReconstructionEvent wide = recons.get("wide");
        assertEquals(32, wide.getWidth());
        assertEquals(24, wide.getHeight());
        assertEquals(1, wide.getChannels());
        assertShape(png(wide.getPng()), 32, 24, 1);
        assertTrue(wide.getMse() < 0.05f, "the stand-in reconstructs its blocks: " + wide.getMse());
        for (String id : List.of("rgb", "jpeg")) {
            ReconstructionEvent rgb = recons.get(id);
            assertEquals(3, rgb.getChannels(), id);
            assertShape(png(rgb.getPng()), 32, 32, 3);
            assertNull(rgb.getFittedFrom(), id);
        }
        TransferEvent transfer = values(config.topics().transfers(), serdes.transfers().deserializer()).get(0);
        assertEquals("colour", transfer.getTargetDomain());
        assertEquals(32, transfer.getWidth());
        assertEquals(32, transfer.getHeight());
        assertEquals(3, transfer.getChannels());
        assertShape(png(transfer.getPng()), 32, 32, 3);
        // grey 24x32 in, the colour model's 32x32 RGB out
        BufferedImage out = png(transfer.getPng());
        int rgb = out.getRGB(0, 0);
        assertEquals((rgb >> 16) & 0xff, rgb & 0xff, "the stand-in decodes every channel alike");
        assertNull(transfer.getFittedFrom());
    }

    @Test
    void fitDomainsServeOtherShapesAndSayWhatWasSentRejectDomainsRefuseThem() throws Exception {
        start(Map.of(DmzStreamConfig.IMAGE_RESIZE + ".colour", "fit"));
        byte[] png = ImageFiles.png(ImageFiles.greySplit(40, 30, 20));
        send(ImageFiles.event("fitted", "colour", ImageFormat.PNG, png, 40, 30, 1,
                OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION).setSteps(3).build());
        send(ImageFiles.event("refused", "wide", ImageFormat.PNG, png, 40, 30, 1).build());
        send(ImageFiles.event("no-head", "flat", ImageFormat.RAW_U8, new byte[256], 16, 16, 1,
                OutputKind.LATENT, OutputKind.LABEL).build());
        send(ImageFiles.event("exact", "colour", ImageFormat.RAW_U8, new byte[32 * 32 * 3], 32, 32, 3).build());
        await(() -> values(config.topics().reconstructions(), serdes.reconstructions().deserializer()).size() == 1
                && values(config.topics().latents(), serdes.latents().deserializer()).size() == 2
                && deadLetters().size() == 2);

        ImageShape sent = new ImageShape(40, 30, 1);
        Map<String, LatentEvent> latents = byId(values(config.topics().latents(), serdes.latents().deserializer()),
                LatentEvent::getId);
        assertEquals(sent, latents.get("fitted").getFittedFrom());
        assertNull(latents.get("exact").getFittedFrom());
        LabelEvent label = values(config.topics().labels(), serdes.labels().deserializer()).get(0);
        assertEquals(sent, label.getFittedFrom());
        ReconstructionEvent recon = values(config.topics().reconstructions(), serdes.reconstructions().deserializer()).get(0);
        assertEquals(sent, recon.getFittedFrom());
        assertEquals(3, recon.getChannels());
        assertShape(png(recon.getPng()), 32, 32, 3);

        Map<String, String> reasons = new HashMap<>();
        deadLetters().forEach(r -> reasons.put(new String(r.key(), StandardCharsets.UTF_8),
                DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)));
        assertEquals(Map.of("refused", "wrong_dimensions", "no-head", "no_label_head"), reasons);
    }

    @Test
    void aResizeOverrideForADomainNoModelServesFailsTheBuild() {
        Map<String, Object> props = Map.of(DmzStreamConfig.STATE_DIR, stateDir.toString(),
                DmzStreamConfig.IMAGE_RESIZE + ".colur", "fit");
        DmzStreamConfig typo = new DmzStreamConfig(props);
        ConfigException e = assertThrows(ConfigException.class, () -> DmzTopology.build(typo, engine(), serdes));
        assertTrue(e.getMessage().contains("colur"), e.getMessage());
    }
}
