package io.dmzstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.FaultyModels;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.PoisonPills;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing, validation, ordering and dead letters of the topology, without a broker. */
class DmzTopologyTest {
    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();
    private InferenceEngine engine;
    private TopologyTestDriver driver;
    private DmzStreamConfig config;
    private TestInputTopic<byte[], byte[]> images;
    private final Map<String, List<TestRecord<byte[], ?>>> seen = new HashMap<>();

    private void start(Map<String, Object> overrides, Duration modelDelay) {
        start(overrides, TestModels.standIns(modelDelay));
    }

    private void start(Map<String, Object> overrides, ModelSource models) {
        Map<String, Object> props = new HashMap<>(Map.of(
                DmzStreamConfig.STATE_DIR, stateDir.toString(),
                DmzStreamConfig.IMAGE_MAX_BYTES, PoisonPills.MAX_IMAGE_BYTES,
                DmzStreamConfig.DECODE_STEPS_MAX, 50));
        props.putAll(overrides);
        config = new DmzStreamConfig(props);
        engine = InferenceEngine.start(EngineSettings.builder().maxQueueDelay(Duration.ofMillis(2)).build(),
                models);
        driver = new TopologyTestDriver(DmzTopology.build(config, engine, serdes),
                StreamsProperties.of(config, "unused:9092"));
        images = driver.createInputTopic(config.topics().images(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void send(String key, ImageEvent event) {
        images.pipeInput(key.getBytes(StandardCharsets.UTF_8),
                serdes.images().serializer().serialize(config.topics().images(), event));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> List<TestRecord<byte[], T>> records(String topic, Deserializer<T> values) {
        List<TestRecord<byte[], ?>> list = seen.computeIfAbsent(topic, t -> new ArrayList<>());
        TestOutputTopic<byte[], T> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(), values);
        list.addAll((List) out.readRecordsToList());
        return (List) list;
    }

    private List<TestRecord<byte[], LatentEvent>> latents() {
        return records(config.topics().latents(), serdes.latents().deserializer());
    }

    private List<TestRecord<byte[], LabelEvent>> labels() {
        return records(config.topics().labels(), serdes.labels().deserializer());
    }

    private List<TestRecord<byte[], ReconstructionEvent>> reconstructions() {
        return records(config.topics().reconstructions(), serdes.reconstructions().deserializer());
    }

    private List<TestRecord<byte[], TransferEvent>> transfers() {
        return records(config.topics().transfers(), serdes.transfers().deserializer());
    }

    private List<TestRecord<byte[], byte[]>> deadLetters() {
        return records(config.topics().deadLetters(), new ByteArrayDeserializer());
    }

    /** Lets wall-clock time pass (punctuation) while the engine works, until the condition holds. */
    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, () -> "timed out waiting for outputs; seen "
                    + seen.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
            Thread.sleep(5);
            driver.advanceWallClockTime(Duration.ofMillis(10));
        }
    }

    @Test
    void routesEachRequestedKindToItsTopicWithTheInputKey() throws Exception {
        start(Map.of(), Duration.ZERO);
        send("all", Images.raw("a", "edges", 1, OutputKind.values()).setTargetDomain("fashion").setSteps(4).build());
        send("latent-only", Images.raw("b", "mnist", 2, OutputKind.LATENT).build());
        send("png-label", Images.png("c", "fashion", 3, OutputKind.LABEL).build());
        await(() -> latents().size() == 2 && labels().size() == 2 && reconstructions().size() == 1
                && transfers().size() == 1);

        assertEquals(List.of("all", "latent-only"), latents().stream().map(r -> new String(r.key())).toList());
        assertEquals(List.of("all", "png-label"), labels().stream().map(r -> new String(r.key())).toList());
        LatentEvent latent = latents().get(0).value();
        assertEquals("a", latent.getId());
        assertEquals("standin-edges", latent.getModel().getName());
        assertEquals("0.0.1", latent.getModel().getVersion());
        assertEquals(16, latent.getD());
        assertEquals(2, latent.getBits().remaining());
        assertEquals(0L, latent.getInputRef().getOffset());
        assertEquals(1L, latents().get(1).value().getInputRef().getOffset());
        LabelEvent label = labels().get(0).value();
        assertEquals(3, label.getTopK().size());
        assertEquals(label.getLabel(), label.getTopK().get(0).getLabel());
        ReconstructionEvent recon = reconstructions().get(0).value();
        assertEquals(4, recon.getSteps());
        assertEquals("ddpm", recon.getSampler());
        assertEquals("all", new String(reconstructions().get(0).key()));
        TransferEvent transfer = transfers().get(0).value();
        assertEquals("edges", transfer.getSourceDomain());
        assertEquals("fashion", transfer.getTargetDomain());
        assertEquals("standin-fashion", transfer.getTargetModel().getName());
        assertEquals(TestModels.BRIDGE, transfer.getBridge());
        assertTrue(deadLetters().isEmpty());
        assertEquals(0, driver.getKeyValueStore("dmz-request-buffer").approximateNumEntries(),
                "forwarded requests leave the durable buffer");
    }

    @Test
    void forwardsInInputOffsetOrderEvenWhenLaterRequestsFinishFirst() throws Exception {
        start(Map.of(), Duration.ofMillis(2));
        int n = 12;
        for (int i = 0; i < n; i++) {
            // long and short decodes alternate: the short ones finish first in the engine
            send("k" + i, Images.raw("r" + i, "mnist", i, OutputKind.RECONSTRUCTION).setSteps(i % 2 == 0 ? 30 : 1).build());
        }
        await(() -> reconstructions().size() == n);
        List<Long> offsets = reconstructions().stream().map(r -> r.value().getInputRef().getOffset()).toList();
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, offsets);
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithReasonsWhileGoodRecordsFlow() throws Exception {
        start(Map.of(), Duration.ZERO);
        Map<String, PoisonPills.Pill> pills = PoisonPills.all(config.topics().images());
        int good = 0;
        for (PoisonPills.Pill pill : pills.values()) {
            images.pipeInput(pill.name().getBytes(StandardCharsets.UTF_8), pill.value());
            send("good" + good, Images.raw("good" + good, "mnist", good, OutputKind.LABEL).build());
            good++;
        }
        send("poison-model", Images.poison("model-refuses").build());
        send("transfer-without-bridge",
                Images.raw("x", "mnist", 5, OutputKind.TRANSFER).setTargetDomain("fashion").build());
        int goodCount = good;
        // TopologyTestDriver does not capture the records Kafka's own DLQ handler sends, so here only our
        // stages (validation, inference) reach the topic; the broker integration test covers all nine
        long ours = pills.values().stream().filter(p -> !p.expectedStage().equals("deserialization")).count();
        await(() -> labels().size() == goodCount && deadLetters().size() == ours + 2);

        Map<String, TestRecord<byte[], byte[]>> byKey = new HashMap<>();
        deadLetters().forEach(r -> byKey.put(new String(r.key()), r));
        for (PoisonPills.Pill pill : pills.values()) {
            if (pill.expectedStage().equals("deserialization")) {
                continue;
            }
            TestRecord<byte[], byte[]> letter = byKey.get(pill.name());
            assertNotNull(letter, "no dead letter for " + pill.name());
            assertEquals(pill.expectedStage(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE), pill.name());
            assertEquals(pill.expectedReason(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON), pill.name());
            assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION));
            assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE));
            assertEquals(config.topics().images(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.TOPIC));
            assertEquals("0", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.PARTITION));
            assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
            assertArrayEquals(pill.value(), letter.value(), "dead letters carry the original bytes: " + pill.name());
        }
        TestRecord<byte[], byte[]> refused = byKey.get("poison-model");
        assertEquals("inference", DeadLetterHeaders.get(refused.headers(), DeadLetterHeaders.STAGE));
        assertEquals("encode_failed", DeadLetterHeaders.get(refused.headers(), DeadLetterHeaders.REASON));
        assertEquals("no_bridge", DeadLetterHeaders.get(byKey.get("transfer-without-bridge").headers(),
                DeadLetterHeaders.REASON));
    }

    @Test
    void backpressureBoundsInFlightRequestsAndLosesNothing() throws Exception {
        start(Map.of(DmzStreamConfig.INFLIGHT_MAX_PER_TASK, 2), Duration.ofMillis(5));
        for (int i = 0; i < 10; i++) {
            send("k" + i, Images.raw("r" + i, "mnist", i, OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(3).build());
            assertTrue(driver.getKeyValueStore("dmz-request-buffer").approximateNumEntries() <= 2,
                    "a task never holds more than its in-flight bound");
        }
        await(() -> latents().size() == 10 && reconstructions().size() == 10);
        assertEquals(10, latents().stream().map(r -> r.value().getInputRef().getOffset()).distinct().count());
    }

    @Test
    void aReplayProducesByteIdenticalOutputs() throws Exception {
        List<byte[]> first = reconstructionPngs();
        stop();
        seen.clear();
        stateDir = Files.createTempDirectory(stateDir, "second");
        List<byte[]> second = reconstructionPngs();
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "reconstruction " + i);
        }
        assertTrue(!java.util.Arrays.equals(first.get(0), first.get(1)),
                "equal images at different offsets draw different noise");
    }

    private List<byte[]> reconstructionPngs() throws Exception {
        start(Map.of(), Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            send("k", Images.raw("same", "mnist", 9, OutputKind.RECONSTRUCTION).setSteps(3).build());
        }
        await(() -> reconstructions().size() == 3);
        List<byte[]> pngs = new ArrayList<>();
        reconstructions().forEach(r -> {
            byte[] b = new byte[r.value().getPng().remaining()];
            r.value().getPng().duplicate().get(b);
            pngs.add(b);
        });
        return pngs;
    }

    // ---- every record gets an outcome (outputs or one dead letter); none can stop its partition ----

    private TestRecord<byte[], byte[]> letter(String key) {
        return deadLetters().stream().filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + key));
    }

    private static String reason(TestRecord<byte[], byte[]> letter) {
        return DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON);
    }

    private static String stage(TestRecord<byte[], byte[]> letter) {
        return DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE);
    }

    @Test
    void aTombstoneIsOneDeadLetterAndTheNextRecordIsServed() throws Exception {
        start(Map.of(), Duration.ZERO);
        images.pipeInput("tombstone".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        send("after", Images.raw("after", "mnist", 1, OutputKind.LABEL).build());
        await(() -> labels().size() == 1 && deadLetters().size() == 1);
        TestRecord<byte[], byte[]> letter = letter("tombstone");
        assertEquals("validation", stage(letter));
        assertEquals("null_value", reason(letter));
        assertEquals(null, letter.value());
        assertEquals("0", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
    }

    @Test
    void oversizedStringsAreBoundedBeforeAnythingEchoesThem() throws Exception {
        // inputs up to 320 KiB, so each dead letter carries its input (bigger ones would be stubs)
        start(Map.of(DmzStreamConfig.IMAGE_MAX_BYTES, 256 * 1024), Duration.ZERO);
        Map<String, ImageEvent> bad = new java.util.LinkedHashMap<>();
        bad.put("long-id", Images.raw("i".repeat(100_000), "mnist", 1).build());
        bad.put("long-domain", Images.raw("x", "d".repeat(120_000), 1).build());
        bad.put("long-target", Images.raw("x", "edges", 1, OutputKind.TRANSFER).setTargetDomain("t".repeat(10_000)).build());
        bad.put("long-attribute-key", Images.raw("x", "mnist", 1).setAttributes(Map.of("k".repeat(5_000), "v")).build());
        bad.put("long-attribute-value", Images.raw("x", "mnist", 1).setAttributes(Map.of("k", "v".repeat(100_000))).build());
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            many.put("k" + i, "v");
        }
        bad.put("many-attributes", Images.raw("x", "mnist", 1).setAttributes(many).build());
        int good = 0;
        for (Map.Entry<String, ImageEvent> e : bad.entrySet()) {
            send(e.getKey(), e.getValue());
            send("good" + good, Images.raw("good" + good, "mnist", good, OutputKind.LABEL).build());
            good++;
        }
        int goodCount = good;
        await(() -> labels().size() == goodCount && deadLetters().size() == bad.size());
        for (String key : bad.keySet()) {
            TestRecord<byte[], byte[]> letter = letter(key);
            assertEquals("validation", stage(letter), key);
            assertEquals(key.equals("many-attributes") ? "too_many_attributes" : "field_too_long", reason(letter), key);
            assertNotNull(letter.value(), key);
            for (org.apache.kafka.common.header.Header h : letter.headers()) {
                assertTrue(h.value() == null || h.value().length <= 1024,
                        key + ": header " + h.key() + " has " + h.value().length + " bytes");
            }
            String trace = DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STACKTRACE);
            assertTrue(trace == null || !trace.contains("\tat "), key + ": no stack frames by default: " + trace);
        }
    }

    @Test
    void anUnexpectedExceptionInsideProcessingIsADeadLetterAndTheNextRecordIsServed() throws Exception {
        start(Map.of(), FaultyModels.source());
        send("explodes", Images.raw("x", "edges", 1, OutputKind.TRANSFER).setTargetDomain(FaultyModels.THROWS_UNEXPECTED)
                .build());
        send("after", Images.raw("after", "mnist", 1, OutputKind.LABEL).build());
        await(() -> labels().size() == 1 && deadLetters().size() == 1);
        TestRecord<byte[], byte[]> letter = letter("explodes");
        assertEquals("processing", stage(letter));
        assertEquals("processing_error", reason(letter));
        assertEquals(IllegalStateException.class.getName(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION));
        assertEquals("0", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
        assertArrayEquals(serdes.images().serializer().serialize(config.topics().images(),
                Images.raw("x", "edges", 1, OutputKind.TRANSFER).setTargetDomain(FaultyModels.THROWS_UNEXPECTED).build()),
                letter.value(), "the dead letter carries the original bytes");
    }

    @Test
    void aFailureWhileBuildingOutputsIsADeadLetterInItsTurnAndLaterRecordsAreServed() throws Exception {
        start(Map.of(), FaultyModels.source());
        send("before", Images.raw("before", "mnist", 1, OutputKind.LABEL).build());
        send("no-classes", Images.raw("x", FaultyModels.BROKEN_LABELS, 2, OutputKind.LATENT, OutputKind.LABEL).build());
        send("after", Images.raw("after", "mnist", 3, OutputKind.LABEL).build());
        await(() -> labels().size() == 2 && deadLetters().size() == 1);
        TestRecord<byte[], byte[]> letter = letter("no-classes");
        assertEquals("processing", stage(letter));
        assertEquals("processing_error", reason(letter));
        assertEquals("1", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
        assertTrue(latents().isEmpty(), "outputs or one dead letter, never both");
        assertEquals(List.of(0L, 2L), labels().stream().map(r -> r.value().getInputRef().getOffset()).toList());
    }

    @Test
    void theBackpressureWaitEndsBeforeTheTransactionTimeout() throws Exception {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        try {
            // the model holds every call; with one request allowed in flight, process() would wait forever
            start(Map.of(DmzStreamConfig.INFLIGHT_MAX_PER_TASK, 1,
                    "streams.producer.transaction.timeout.ms", "2000"), FaultyModels.gated(gate));
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 3; i++) {
                    send("k" + i, Images.raw("r" + i, "mnist", i, OutputKind.LATENT).build());
                }
            }, "process() must not block past the transaction timeout");
        } finally {
            gate.countDown();
        }
        await(() -> latents().size() == 3);
        assertEquals(List.of(0L, 1L, 2L), latents().stream().map(r -> r.value().getInputRef().getOffset()).toList());
    }

    @Test
    void inFlightRequestsAreBoundedInBytes() throws Exception {
        // one 28x28 request holds 784 floats (3136 bytes) plus a little: the byte bound admits two
        start(Map.of(DmzStreamConfig.INFLIGHT_MAX_PER_TASK, 100, "inflight.max.bytes", 8000), Duration.ofMillis(20));
        for (int i = 0; i < 10; i++) {
            send("k" + i, Images.raw("r" + i, "mnist", i, OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(3).build());
            long held = driver.getKeyValueStore("dmz-request-buffer").approximateNumEntries();
            assertTrue(held <= 3, "in flight after request " + i + ": " + held);
        }
        await(() -> latents().size() == 10 && reconstructions().size() == 10);
    }
}
