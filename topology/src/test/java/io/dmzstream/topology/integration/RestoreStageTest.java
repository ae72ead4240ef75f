package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.FaultyModels;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests buffered by one instance are restored by its successor, which serves a different
 * configuration: a model dropped, a lower {@code decode.steps.max}. Those requests become
 * restore-stage dead letters (forwarded by the first punctuation, in offset order); the rest are
 * served; every input gets exactly one outcome.
 */
class RestoreStageTest {
    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void aSuccessorWithAChangedConfigDeadLettersWhatItCanNoLongerServeAndServesTheRest() throws Exception {
        String name = "restore";
        DmzStreamConfig before = TestConfigs.config(name, tmp.resolve("a"));
        Topics t = before.topics();
        // partition 0, in offset order: what the successor can serve and what it cannot
        List<String> ids = List.of("fashion-0", "mnist-1", "steps-2", "fashion-3", "mnist-4", "steps-5");
        // slow model calls keep the requests in flight until the first instance stops
        try (DmzStreamService first = DmzStreamService.start(before, SharedKafka.get().bootstrapServers(),
                TestModels.standIns(Duration.ofSeconds(8)));
             KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (String id : ids) {
                var event = id.startsWith("fashion") ? Images.raw(id, "fashion", 1, OutputKind.LATENT)
                        : id.startsWith("steps") ? Images.raw(id, "mnist", 2, OutputKind.RECONSTRUCTION).setSteps(40)
                        : Images.raw(id, "mnist", 3, OutputKind.LATENT);
                // one key: the dead letters share a partition of the dead-letter topic, so their order shows
                producer.send(new ProducerRecord<>(t.images(), 0, "one-key".getBytes(StandardCharsets.UTF_8),
                        serdes.images().serializer().serialize(t.images(), event.build()))).get(60, TimeUnit.SECONDS);
            }
            awaitCommitted(before, new TopicPartition(t.images(), 0), ids.size());
        }

        DmzStreamConfig after = TestConfigs.config(name, tmp.resolve("b"))
                .with(Map.of(DmzStreamConfig.DECODE_STEPS_MAX, 20));
        try (DmzStreamService successor = DmzStreamService.start(after, SharedKafka.get().bootstrapServers(),
                FaultyModels.without(Set.of("fashion"), Duration.ZERO))) {
            var letters = KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(), r -> r.size() >= 4,
                    Duration.ofSeconds(90));
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= 2,
                    Duration.ofSeconds(60));
            Thread.sleep(1000);
            letters = KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer());
            latents = KafkaTopics.readAll(t.latents(), serdes.latents().deserializer());

            Map<String, Integer> outcomes = new HashMap<>();
            List<Long> letterOffsets = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                long offset = Long.parseLong(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
                String id = ids.get((int) offset);
                outcomes.merge(id, 1, Integer::sum);
                letterOffsets.add(offset);
                String reason = DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON);
                // a request the first instance did not finish is rejected on restore; one it never saw, at validation
                assertTrue(id.startsWith("fashion") ? reason.equals("unknown_domain") : reason.equals("steps_out_of_range"),
                        id + ": " + reason);
                assertEquals("restore", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE), id);
            }
            latents.forEach(r -> outcomes.merge(r.value().getId(), 1, Integer::sum));
            assertEquals(Map.of("fashion-0", 1, "mnist-1", 1, "steps-2", 1, "fashion-3", 1, "mnist-4", 1, "steps-5", 1),
                    outcomes, "every input has exactly one outcome");
            assertEquals(List.of(0L, 2L, 3L, 5L), letterOffsets, "restore-stage dead letters in offset order");
        }
    }

    /** Waits until the group has committed every input of the partition: all of them are in the durable buffer. */
    private static void awaitCommitted(DmzStreamConfig config, TopicPartition tp, long offset) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (Admin admin = SharedKafka.get().admin()) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        config.getString(DmzStreamConfig.APPLICATION_ID)).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                if (committed.get(tp) != null && committed.get(tp).offset() >= offset) {
                    return;
                }
                assertTrue(System.currentTimeMillis() < deadline, "inputs not committed: " + committed);
                Thread.sleep(100);
            }
        }
    }
}
