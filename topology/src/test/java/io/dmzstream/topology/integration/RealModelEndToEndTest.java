package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.pipeline.EncodePipeline;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.engine.ZooModelSource;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.output.PngEncoder;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.validation.ImageDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed zoo models (served through DJL) behind the real topology on the in-process broker:
 * real MNIST digits in as PNG, every output kind out, labels mostly right, replays byte-identical,
 * and edges -> fashion transfers through the committed bridge.
 */
class RealModelEndToEndTest {
    private static final Path ZOO = Path.of("..", "model", "zoo");

    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    private static ImageEvent event(String id, Dataset data, int index, long seed, OutputKind... outputs) {
        return ImageEvent.newBuilder().setId(id).setDomain(data.name()).setFormat(ImageFormat.PNG)
                .setImage(ByteBuffer.wrap(PngEncoder.encode(data.image(index), 28, 28, 1)))
                .setWidth(28).setHeight(28).setChannels(1).setOutputs(List.of(outputs)).setSteps(5).setSeed(seed)
                .setAttributes(Map.of("label", String.valueOf(data.label(index)))).build();
    }

    @Test
    void realDigitsGetLatentsLabelsAndReconstructionsAndReplaysAreIdentical() throws Exception {
        Map<String, Object> props = TestConfigs.props("real", stateDir);
        props.put(DmzStreamConfig.MODEL_NAMES, "dmz-mnist");
        props.put(DmzStreamConfig.MODEL_ZOO_DIR, ZOO.toString());
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        Dataset test = Datasets.load("mnist", Dataset.Split.TEST);
        int n = 48;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                new ZooModelSource(ZOO, List.of("dmz-mnist"), List.of()));
             KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (int i = 0; i < n; i++) {
                KafkaTopics.send(producer, t.images(), "k" + i, event("d" + i, test, i, 1000 + i,
                        OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION));
            }
            // a replay of d0 under another id: same image, same seed
            KafkaTopics.send(producer, t.images(), "k0", event("replay", test, 0, 1000,
                    OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION));
            producer.flush();
            Duration wait = Duration.ofSeconds(120);
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= n + 1, wait);
            var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> r.size() >= n + 1, wait);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(), r -> r.size() >= n + 1, wait);
            assertEquals(n + 1, KafkaTopics.countById(latents).size());
            assertEquals(n + 1, KafkaTopics.countById(recons).size());

            int correct = 0;
            for (ConsumerRecord<byte[], LabelEvent> r : labels) {
                String id = r.value().getId();
                if (id.startsWith("d")) {
                    correct += r.value().getLabel() == test.label(Integer.parseInt(id.substring(1))) ? 1 : 0;
                }
                assertEquals("dmz-mnist", r.value().getModel().getName());
            }
            assertTrue(correct >= 0.85 * n, "label accuracy " + correct + "/" + n);

            for (ConsumerRecord<byte[], LatentEvent> r : latents) {
                int d = r.value().getD();
                assertEquals(d, r.value().getProbabilities().size());
                assertEquals((d + 7) / 8, r.value().getBits().remaining());
            }
            Map<String, ReconstructionEvent> byId = new HashMap<>();
            List<Double> mse = new ArrayList<>();
            for (ConsumerRecord<byte[], ReconstructionEvent> r : recons) {
                byId.put(r.value().getId(), r.value());
                float[] px = ImageDecoder.png(bytes(r.value().getPng()), 28, 28, 1);
                assertEquals(784, px.length);
                mse.add((double) r.value().getMse());
            }
            assertArrayEquals(bytes(byId.get("d0").getPng()), bytes(byId.get("replay").getPng()),
                    "a replay with the same seed is byte-identical");
            double meanMse = mse.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(meanMse < 0.08, "reconstructions resemble their inputs: mean MSE " + meanMse);
        }
    }

    @Test
    void edgesTransferToFashionThroughTheCommittedBridge() throws Exception {
        Map<String, Object> props = TestConfigs.props("realtransfer", stateDir);
        props.put(DmzStreamConfig.MODEL_NAMES, "dmz-edges,dmz-fashion");
        props.put(DmzStreamConfig.BRIDGE_NAMES, "bridge-edges-fashion");
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        Dataset edges = Datasets.load("edges", Dataset.Split.TEST);
        int n = 32;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                new ZooModelSource(ZOO, List.of("dmz-edges", "dmz-fashion"), List.of("bridge-edges-fashion")));
             DmzModel fashion = DmzModels.load(ZOO.resolve("dmz-fashion"));
             KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (int i = 0; i < n; i++) {
                ImageEvent e = ImageEvent.newBuilder(event("e" + i, edges, i, 7 + i, OutputKind.TRANSFER))
                        .setTargetDomain("fashion").build();
                KafkaTopics.send(producer, t.images(), "e" + i, e);
            }
            producer.flush();
            var transfers = KafkaTopics.await(t.transfers(), serdes.transfers().deserializer(), r -> r.size() >= n,
                    Duration.ofSeconds(120));
            assertEquals(n, KafkaTopics.countById(transfers).size());
            float[][] garments = new float[n][];
            int[] truth = new int[n];
            for (int i = 0; i < n; i++) {
                TransferEvent e = transfers.get(i).value();
                assertEquals("edges", e.getSourceDomain());
                assertEquals("fashion", e.getTargetDomain());
                assertEquals("dmz-fashion", e.getTargetModel().getName());
                assertTrue(e.getBridge().startsWith("bridge-edges-fashion"), e.getBridge());
                garments[i] = ImageDecoder.png(bytes(e.getPng()), 28, 28, 1);
                truth[i] = edges.label(Integer.parseInt(e.getId().substring(1)));
            }
            // the transfers must be garments of the edge map's class, as the fashion model itself reads them
            var pipeline = new EncodePipeline(fashion, n);
            float[][] scores = pipeline.classify(pipeline.encode(garments).probabilities());
            int agree = 0;
            for (int i = 0; i < n; i++) {
                agree += EncodePipeline.argmax(scores[i]) == truth[i] ? 1 : 0;
            }
            assertTrue(agree >= 0.6 * n, "transferred garments of the source class: " + agree + "/" + n);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
