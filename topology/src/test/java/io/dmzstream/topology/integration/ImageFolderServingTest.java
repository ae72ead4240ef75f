package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.ImageFit;
import io.dmzstream.model.data.ImageFolder;
import io.dmzstream.model.data.PixelScale;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.ImageShape;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.engine.ZooModelSource;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.ImageFiles;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own images, end to end: two tiny models trained for a few steps by the project's own
 * training job from generated image folders (an RGB 16x16 one with class folders, and a non-square
 * grey 24 wide x 16 high one from a flat folder, so without a label head), exported, served through
 * DJL by the topology on the in-process broker. The RGB domain fits other shapes, the grey one
 * rejects them (the default).
 */
class ImageFolderServingTest {
    @TempDir
    static Path root;
    private static Path zoo;

    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    /** A filled shape of one colour on a dark random background. */
    private static BufferedImage shape(int w, int h, Color colour, boolean circle, SplittableRandom rng, boolean grey) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rng.nextInt(80), rng.nextInt(80), rng.nextInt(80)));
        g.fillRect(0, 0, w, h);
        g.setColor(colour);
        int s = Math.min(w, h) / 2;
        int x = rng.nextInt(w - s);
        int y = rng.nextInt(h - s);
        if (circle) {
            g.fillOval(x, y, s, s);
        } else {
            g.fillRect(x, y, s, s);
        }
        g.dispose();
        return img;
    }

    private static Manifest train(String name, String domain, Path images, NetworkConfig net) throws IOException {
        ImageFolder.Splits splits = ImageFolder.load(images, domain,
                new ImageFolder.Options(net.width(), net.height(), net.channels(), 0.25, 1));
        TrainConfig config = new TrainConfig(name, domain, images, net, 3, 0, 8, 1e-3f, 0.01f, 0.9f, 0.1f, 0.1f, 0f, 0f,
                1000, 5, 100, zoo.resolve(name), root.resolve("work-" + name), 0);
        return new TrainJob(config, "0.0.1", "test").run(splits.train(), splits.test());
    }

    @BeforeAll
    static void trainTinyModels() throws IOException {
        zoo = Files.createDirectories(root.resolve("zoo"));
        SplittableRandom rng = new SplittableRandom(3);
        Path shapes = root.resolve("shapes");
        for (int i = 0; i < 8; i++) {
            ImageIO.write(shape(16 + rng.nextInt(16), 16 + rng.nextInt(16), Color.RED, true, rng, false), "png",
                    Files.createDirectories(shapes.resolve("red-circle")).resolve(i + ".png").toFile());
            ImageIO.write(shape(16 + rng.nextInt(16), 16 + rng.nextInt(16), Color.CYAN, false, rng, false), "jpg",
                    Files.createDirectories(shapes.resolve("cyan-square")).resolve(i + ".jpg").toFile());
        }
        Path flat = Files.createDirectories(root.resolve("flat"));
        for (int i = 0; i < 8; i++) {
            ImageIO.write(shape(24, 16, Color.WHITE, i % 2 == 0, rng, true), "png", flat.resolve("img" + i + ".png").toFile());
        }
        assertTrue(train("dmz-shapes", "shapes", shapes, NetworkConfig.of(8, 8, 8, 8, true, 16, 16, 3)).hasLabelHead());
        assertFalse(train("dmz-flat", "flat", flat, NetworkConfig.of(8, 8, 8, 8, true, 16, 24, 1)).hasLabelHead());
    }

    private static float[] model(byte[] u8) {
        float[] out = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            out[i] = PixelScale.toModel(u8[i]);
        }
        return out;
    }

    private static BufferedImage read(byte[] file) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(file));
    }

    private static BufferedImage png(ByteBuffer png) throws IOException {
        byte[] b = new byte[png.remaining()];
        png.duplicate().get(b);
        return read(b);
    }

    /**
     * Asserts the service's code probabilities are the model's own for these pixels (up to float noise:
     * batch-mates may change the kernels TensorFlow picks, so hard bits near 0.5 are not compared).
     */
    private static void assertEncodedFrom(DmzModel model, float[] pixels, LatentEvent event) {
        float[] expected = model.encode(new float[][] {pixels}).probabilities()[0];
        List<Float> actual = event.getProbabilities();
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i), 1e-4f, event.getId() + " bit " + i);
        }
    }

    private static double distance(List<Float> a, List<Float> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            d = Math.max(d, Math.abs(a.get(i) - b.get(i)));
        }
        return d;
    }

    @Test
    void aTrainedRgbModelServesJpegAndFittedInputsAndAGreyOneRejectsOtherShapes() throws Exception {
        Map<String, Object> props = TestConfigs.props("byo", stateDir);
        props.put(DmzStreamConfig.MODEL_ZOO_DIR, zoo.toString());
        props.put(DmzStreamConfig.MODEL_NAMES, "dmz-shapes,dmz-flat");
        props.put(DmzStreamConfig.IMAGE_MAX_BYTES, 64 * 1024);
        props.put(DmzStreamConfig.IMAGE_RESIZE + ".shapes", "fit");
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();

        SplittableRandom rng = new SplittableRandom(11);
        byte[] jpeg = ImageFiles.jpeg(shape(16, 16, Color.RED, true, rng, false));
        byte[] greyPng = ImageFiles.png(ImageFiles.greySplit(40, 30, 20));
        BufferedImage flatImage = shape(24, 16, Color.WHITE, true, rng, true);
        byte[] flatRaw = ImageFiles.raw(flatImage, 1);
        OutputKind[] everything = {OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION};
        List<ImageEvent> events = List.of(
                ImageFiles.event("jpeg", "shapes", ImageFormat.JPEG, jpeg, 16, 16, 3, everything).setSteps(2).build(),
                ImageFiles.event("fitted", "shapes", ImageFormat.PNG, greyPng, 40, 30, 1, everything).setSteps(2).build(),
                ImageFiles.event("flat", "flat", ImageFormat.RAW_U8, flatRaw, 24, 16, 1,
                        OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(2).build(),
                ImageFiles.event("flat-label", "flat", ImageFormat.RAW_U8, flatRaw, 24, 16, 1,
                        OutputKind.LATENT, OutputKind.LABEL).build(),
                ImageFiles.event("flat-rejected", "flat", ImageFormat.PNG, greyPng, 40, 30, 1).build());

        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                new ZooModelSource(zoo, List.of("dmz-shapes", "dmz-flat"), List.of(), 1));
             DmzModel shapes = DmzModels.load(zoo.resolve("dmz-shapes"));
             DmzModel flat = DmzModels.load(zoo.resolve("dmz-flat"));
             KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (ImageEvent e : events) {
                KafkaTopics.send(producer, t.images(), e.getId(), e);
            }
            Duration wait = Duration.ofSeconds(120);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(), r -> r.size() >= 3, wait);
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= 3, wait);
            var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> r.size() >= 2, wait);
            var letters = KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(), r -> r.size() >= 2, wait);

            Map<String, ReconstructionEvent> recon = new HashMap<>();
            recons.forEach(r -> recon.put(r.value().getId(), r.value()));
            Map<String, LatentEvent> latent = new HashMap<>();
            latents.forEach(r -> latent.put(r.value().getId(), r.value()));
            assertEquals(Map.of("jpeg", 1, "fitted", 1, "flat", 1), KafkaTopics.countById(recons));
            assertEquals(Map.of("jpeg", 1, "fitted", 1, "flat", 1), KafkaTopics.countById(latents));

            // the service fed the model the pixels the JPEG reader and the training resize policy give
            assertEncodedFrom(shapes, model(ImageFiles.raw(read(jpeg), 3)), latent.get("jpeg"));
            assertNull(latent.get("jpeg").getFittedFrom());
            assertEncodedFrom(shapes, model(ImageFit.fit(read(greyPng), 16, 16, 3)), latent.get("fitted"));
            assertTrue(distance(latent.get("jpeg").getProbabilities(), latent.get("fitted").getProbabilities()) > 1e-3,
                    "the comparison tells inputs apart");
            ImageShape sent = new ImageShape(40, 30, 1);
            assertEquals(sent, latent.get("fitted").getFittedFrom());

            for (String id : List.of("jpeg", "fitted")) {
                ReconstructionEvent r = recon.get(id);
                assertEquals("dmz-shapes", r.getModel().getName());
                assertEquals(16, r.getWidth());
                assertEquals(16, r.getHeight());
                assertEquals(3, r.getChannels());
                BufferedImage out = png(r.getPng());
                assertEquals(16, out.getWidth());
                assertEquals(16, out.getHeight());
                assertEquals(3, out.getColorModel().getNumColorComponents());
                assertTrue(Float.isFinite(r.getMse()), id);
            }
            assertEquals(sent, recon.get("fitted").getFittedFrom());
            ReconstructionEvent grey = recon.get("flat");
            assertEquals(24, grey.getWidth());
            assertEquals(16, grey.getHeight());
            assertEquals(1, grey.getChannels());
            BufferedImage greyOut = png(grey.getPng());
            assertEquals(24, greyOut.getWidth());
            assertEquals(16, greyOut.getHeight());
            assertEquals(1, greyOut.getColorModel().getNumColorComponents());
            assertEncodedFrom(flat, model(flatRaw), latent.get("flat"));

            List<String> classes = List.of("cyan-square", "red-circle");
            assertEquals(2, labels.size());
            for (ConsumerRecord<byte[], LabelEvent> r : labels) {
                assertTrue(classes.contains(r.value().getName()), r.value().getName());
                assertEquals(sent.equals(r.value().getFittedFrom()), r.value().getId().equals("fitted"));
            }

            Map<String, String> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : letters) {
                reasons.put(new String(r.key(), StandardCharsets.UTF_8), DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON));
            }
            assertEquals(Map.of("flat-label", "no_label_head", "flat-rejected", "wrong_dimensions"), reasons);
        }
    }
}
