package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PoisonPills;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real topology on the in-process KRaft broker, exactly_once_v2, stand-in models. */
class EndToEndTest {
    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void everyInputGetsExactlyOneOutputOfEachRequestedKind() throws Exception {
        DmzStreamConfig config = TestConfigs.config("e2e", stateDir);
        Topics t = config.topics();
        int n = 40;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (int i = 0; i < n; i++) {
                KafkaTopics.send(producer, t.images(), "key-" + i, Images.raw("id-" + i, "edges", i, OutputKind.values())
                        .setTargetDomain("fashion").setSteps(1 + i % 5).build());
            }
            producer.flush();
            Duration wait = Duration.ofSeconds(60);
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= n, wait);
            var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> r.size() >= n, wait);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(), r -> r.size() >= n, wait);
            var transfers = KafkaTopics.await(t.transfers(), serdes.transfers().deserializer(), r -> r.size() >= n, wait);

            for (var counts : List.of(KafkaTopics.countById(latents), KafkaTopics.countById(labels),
                    KafkaTopics.countById(recons), KafkaTopics.countById(transfers))) {
                assertEquals(n, counts.size());
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "exactly one per input: " + counts);
            }
            for (ConsumerRecord<byte[], LatentEvent> r : latents) {
                String id = r.value().getId();
                assertEquals("key-" + id.substring(3), new String(r.key(), StandardCharsets.UTF_8), "outputs keep the input key");
                assertEquals("standin-edges", r.value().getModel().getName());
                assertEquals(t.images(), r.value().getInputRef().getTopic());
                assertEquals(r.partition(), r.value().getInputRef().getPartition(), "same key, same partition");
            }
            ConsumerRecord<byte[], TransferEvent> tr = transfers.get(0);
            assertEquals("standin-fashion", tr.value().getTargetModel().getName());
            ConsumerRecord<byte[], ReconstructionEvent> rc = recons.get(0);
            assertTrue(rc.value().getPng().remaining() > 8);
            ConsumerRecord<byte[], LabelEvent> lb = labels.get(0);
            assertNotNull(lb.value().getName());
            // batches formed across the 4 partitions' tasks
            assertTrue(service.engine().stats().meanEncodeBatch() > 1.0, service.engine().stats().toString());
        }
    }

    @Test
    void nineKindsOfPoisonPillLandInTheDeadLetterTopicWhileGoodRecordsFlow() throws Exception {
        DmzStreamConfig config = TestConfigs.config("poison", stateDir);
        Topics t = config.topics();
        Map<String, PoisonPills.Pill> pills = PoisonPills.all(t.images());
        assertTrue(pills.size() >= 9);
        int good = 0;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (PoisonPills.Pill pill : pills.values()) {
                producer.send(new ProducerRecord<>(t.images(), pill.name().getBytes(StandardCharsets.UTF_8), pill.value()));
                KafkaTopics.send(producer, t.images(), "good-" + good, Images.raw("good-" + good, "mnist", good).build());
                good++;
            }
            producer.flush();
            int goodCount = good;
            var dlq = KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(), r -> r.size() >= pills.size(),
                    Duration.ofSeconds(60));
            var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> r.size() >= goodCount,
                    Duration.ofSeconds(60));
            assertEquals(goodCount, labels.size());
            assertEquals(pills.size(), dlq.size());
            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            dlq.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
            for (PoisonPills.Pill pill : pills.values()) {
                var letter = byKey.get(pill.name());
                assertNotNull(letter, "no dead letter for " + pill.name());
                assertEquals(pill.expectedStage(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE), pill.name());
                assertEquals(pill.expectedReason(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON), pill.name());
                assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION), pill.name());
                assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE), pill.name());
                assertEquals(t.images(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.TOPIC), pill.name());
                assertNotNull(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET), pill.name());
                assertEquals(java.util.Arrays.toString(pill.value()), java.util.Arrays.toString(letter.value()),
                        "original bytes: " + pill.name());
            }
        }
    }
}
