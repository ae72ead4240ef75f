package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.ModelRef;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Commands;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.StandInModel;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latent commands through the real topology on the in-process broker (exactly_once_v2, stand-in
 * models and priors): generate and interpolate round trips, one dead letter per reason, and the
 * same images for the same seed. Results are read to the committed end offsets after the
 * service closed (its close commits), so nothing is judged on a timed read.
 */
class LatentCommandsTest {
    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    private Deserializer<SampleEvent> samples() {
        return serdes.samples().deserializer();
    }

    @Test
    void generateAndInterpolateMakeOneSampleEventPerImage() throws Exception {
        DmzStreamConfig config = TestConfigs.config("cmd-roundtrip", stateDir);
        Topics t = config.topics();
        float[] from = new float[StandInModel.BITS];
        float[] to = new float[StandInModel.BITS];
        Arrays.fill(to, 1f);
        List<ConsumerRecord<byte[], SampleEvent>> out;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            Commands.send(producer, t.commands(), "g", Commands.generate("gen-1", "mnist", 5).setLabel(3).setSteps(4)
                    .setSeed(42L).build());
            Commands.send(producer, t.commands(), "i", Commands.interpolate("int-1", "mnist", from, to, 4).setSteps(3)
                    .setSeed(7L).setCodesModel(ModelRef.newBuilder().setName("standin-mnist").setVersion("0.0.1").build())
                    .build());
            KafkaTopics.await(t.samples(), samples(), r -> r.size() >= 9, Duration.ofSeconds(60));
        }
        out = KafkaTopics.readAll(t.samples(), samples());
        assertEquals(9, out.size(), "5 generated + 4 interpolated, each once");
        Map<String, List<SampleEvent>> byCommand = out.stream().map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(SampleEvent::getCommandId));

        List<SampleEvent> gen = byCommand.get("gen-1");
        assertEquals(List.of(0, 1, 2, 3, 4), gen.stream().map(SampleEvent::getIndex).sorted().toList());
        for (SampleEvent s : gen) {
            assertEquals(5, s.getTotal());
            assertEquals(LatentCommandKind.GENERATE, s.getKind());
            assertEquals("standin-mnist", s.getModel().getName());
            assertEquals("standin-prior-mnist", s.getPrior().getName());
            assertEquals("0.0.1", s.getPrior().getVersion());
            assertEquals(3, s.getLabel());
            assertEquals(4, s.getSteps());
            assertEquals(StandInModel.BITS, s.getCode().getD());
            assertEquals(1f, Commands.bits(s.getCode())[3], "the class reached the prior (the stand-in sets bit 3)");
            assertEquals(t.commands(), s.getInputRef().getTopic());
            assertDecodes(s);
        }
        assertEquals(5, gen.stream().map(SampleEvent::getSeed).distinct().count(), "a decoder seed per image");

        List<SampleEvent> path = byCommand.get("int-1").stream()
                .sorted((a, b) -> Integer.compare(a.getIndex(), b.getIndex())).toList();
        assertEquals(4, path.size());
        assertArrayEquals(from, Commands.bits(path.get(0).getCode()), "point 0 is 'from'");
        assertArrayEquals(to, Commands.bits(path.get(3).getCode()), "the last point is 'to'");
        for (SampleEvent s : path) {
            assertEquals(LatentCommandKind.INTERPOLATE, s.getKind());
            assertNull(s.getPrior());
            assertEquals(7L, s.getSeed(), "one decoder seed along the path: only the code changes");
            assertDecodes(s);
        }
        int set1 = count(Commands.bits(path.get(1).getCode()));
        int set2 = count(Commands.bits(path.get(2).getCode()));
        assertTrue(0 < set1 && set1 < set2 && set2 < StandInModel.BITS, "bits flip along the path: " + set1 + ", " + set2);
        for (ConsumerRecord<byte[], SampleEvent> r : out) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertEquals(r.value().getKind() == LatentCommandKind.GENERATE ? "g" : "i", key, "samples keep the command's key");
        }
    }

    @Test
    void eachUnservableCommandIsOneDeadLetterWithItsReason() throws Exception {
        Map<String, Object> props = TestConfigs.props("cmd-letters", stateDir);
        props.put(DmzStreamConfig.COMMANDS_MAX_COUNT, 8);
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        float[] code = new float[StandInModel.BITS];
        Map<String, String> expected = new HashMap<>();
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            Map<String, LatentCommand> bad = new HashMap<>();
            bad.put("over-limit", Commands.generate("c1", "mnist", 9).build());
            bad.put("no-images", Commands.generate("c2", "mnist", 0).build());
            bad.put("unknown-domain", Commands.generate("c3", "klingon", 2).build());
            bad.put("no-prior", Commands.generate("c4", "edges", 2).build());
            bad.put("unconditional-label", Commands.generate("c5", "fashion", 2).setLabel(1).build());
            bad.put("short-code", Commands.interpolate("c6", "mnist", new float[8], code, 3).build());
            bad.put("missing-code", Commands.interpolate("c7", "mnist", code, code, 3).setTo(null).build());
            bad.put("other-model", Commands.interpolate("c8", "mnist", code, code, 3)
                    .setCodesModel(ModelRef.newBuilder().setName("standin-fashion").setVersion("0.0.1").build()).build());
            bad.put("too-many-points", Commands.interpolate("c9", "mnist", code, code, 9).build());
            bad.put("too-many-steps", Commands.generate("c10", "mnist", 1).setSteps(51).build());
            expected.putAll(Map.of("over-limit", "count_out_of_range", "no-images", "count_out_of_range",
                    "unknown-domain", "unknown_domain", "no-prior", "no_prior", "unconditional-label",
                    "label_out_of_range", "short-code", "wrong_code_length", "missing-code", "missing_code",
                    "other-model", "codes_model_mismatch", "too-many-points", "count_out_of_range",
                    "too-many-steps", "steps_out_of_range"));
            bad.forEach((key, command) -> Commands.send(producer, t.commands(), key, command));
            Commands.send(producer, t.commands(), "tombstone", (byte[]) null);
            Commands.send(producer, t.commands(), "garbage", "not an avro command".getBytes(StandardCharsets.UTF_8));
            // a good command after them: the partitions moved on
            Commands.send(producer, t.commands(), "good", Commands.generate("ok", "fashion", 2).build());
            KafkaTopics.await(t.samples(), samples(), r -> r.size() >= 2, Duration.ofSeconds(60));
            KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(), r -> r.size() >= bad.size() + 2,
                    Duration.ofSeconds(60));
        }
        List<ConsumerRecord<byte[], byte[]>> letters = KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer());
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = letters.stream().collect(Collectors.toMap(
                r -> new String(r.key(), StandardCharsets.UTF_8), r -> r, (a, b) -> {
                    throw new AssertionError("two dead letters for one command: " + new String(a.key(), StandardCharsets.UTF_8));
                }));
        assertEquals(expected.size() + 2, byKey.size(), "one dead letter per bad command: " + byKey.keySet());
        expected.forEach((key, reason) -> {
            ConsumerRecord<byte[], byte[]> letter = byKey.get(key);
            assertEquals(reason, DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON), key);
            assertEquals(DeadLetterHeaders.STAGE_VALIDATION, DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE), key);
            assertEquals(t.commands(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.TOPIC), key);
            assertTrue(letter.value() != null && letter.value().length > 0, key + " carries the command's bytes");
        });
        assertEquals("null_value", DeadLetterHeaders.get(byKey.get("tombstone").headers(), DeadLetterHeaders.REASON));
        assertEquals(DeadLetterHeaders.STAGE_DESERIALIZATION,
                DeadLetterHeaders.get(byKey.get("garbage").headers(), DeadLetterHeaders.STAGE));
        assertArrayEquals("not an avro command".getBytes(StandardCharsets.UTF_8), byKey.get("garbage").value());
        List<ConsumerRecord<byte[], SampleEvent>> out = KafkaTopics.readAll(t.samples(), samples());
        assertEquals(2, out.size());
        assertTrue(out.stream().allMatch(r -> r.value().getCommandId().equals("ok")), "bad commands make no images");
        assertNull(out.get(0).value().getLabel());
    }

    @Test
    void theSameSeedMakesTheSameImagesAndAnotherSeedOthers() throws Exception {
        DmzStreamConfig config = TestConfigs.config("cmd-seeds", stateDir);
        Topics t = config.topics();
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            // different ids and partitions (keys), the same seed
            Commands.send(producer, t.commands(), "a", Commands.generate("a", "mnist", 6).setSeed(5L).setSteps(6).build());
            Commands.send(producer, t.commands(), "b", Commands.generate("b", "mnist", 6).setSeed(5L).setSteps(6).build());
            Commands.send(producer, t.commands(), "c", Commands.generate("c", "mnist", 6).setSeed(6L).setSteps(6).build());
            // no seed: derived from the id, so a resend of the same command is the same
            Commands.send(producer, t.commands(), "d1", Commands.generate("d", "mnist", 6).setSteps(6).build());
            Commands.send(producer, t.commands(), "d2", Commands.generate("d", "mnist", 6).setSteps(6).build());
            KafkaTopics.await(t.samples(), samples(), r -> r.size() >= 30, Duration.ofSeconds(60));
        }
        Map<String, SampleEvent> byKeyAndIndex = new HashMap<>();
        for (ConsumerRecord<byte[], SampleEvent> r : KafkaTopics.readAll(t.samples(), samples())) {
            byKeyAndIndex.put(new String(r.key(), StandardCharsets.UTF_8) + "#" + r.value().getIndex(), r.value());
        }
        assertEquals(30, byKeyAndIndex.size());
        int differing = 0;
        for (int i = 0; i < 6; i++) {
            SampleEvent a = byKeyAndIndex.get("a#" + i);
            assertSameImage(a, byKeyAndIndex.get("b#" + i));
            assertSameImage(byKeyAndIndex.get("d1#" + i), byKeyAndIndex.get("d2#" + i));
            SampleEvent c = byKeyAndIndex.get("c#" + i);
            differing += a.getCode().equals(c.getCode()) ? 0 : 1;
            assertFalse(a.getSeed() == c.getSeed());
        }
        assertTrue(differing >= 5, "another seed draws other codes (" + differing + " of 6 differ)");
    }

    private static void assertSameImage(SampleEvent a, SampleEvent b) {
        assertEquals(a.getCode(), b.getCode());
        assertEquals(a.getSeed(), b.getSeed());
        assertEquals(a.getPng(), b.getPng(), "byte-identical PNG");
    }

    /** The PNG is the model's shape and the stand-in's decode of the code: bright blocks where bits are set. */
    static void assertDecodes(SampleEvent s) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes(s.getPng())));
        assertEquals(StandInModel.SIDE, img.getWidth());
        assertEquals(StandInModel.SIDE, img.getHeight());
        assertEquals(28, s.getWidth());
        assertEquals(1, s.getChannels());
        float[] bits = Commands.bits(s.getCode());
        int agree = 0;
        for (int b = 0; b < StandInModel.BITS; b++) {
            int y = (b / StandInModel.GRID) * StandInModel.BLOCK + StandInModel.BLOCK / 2;
            int x = (b % StandInModel.GRID) * StandInModel.BLOCK + StandInModel.BLOCK / 2;
            boolean bright = (img.getRaster().getSample(x, y, 0)) > 127;
            agree += bright == (bits[b] > 0.5f) ? 1 : 0;
        }
        assertTrue(agree >= StandInModel.BITS - 2, "image " + s.getIndex() + " shows its code: " + agree + "/16 blocks");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static int count(float[] bits) {
        int n = 0;
        for (float v : bits) {
            n += v > 0.5f ? 1 : 0;
        }
        return n;
    }
}
