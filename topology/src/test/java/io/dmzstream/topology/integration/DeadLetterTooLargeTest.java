package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.OutputKind;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter the dead-letter topic refuses (its max.message.bytes is smaller than the letter,
 * and the start-up size check is off) becomes a stub: no value, the headers, the input's
 * coordinates, reason {@code dead_letter_too_large}. The partition moves on, under both guarantees.
 */
class DeadLetterTooLargeTest {
    private static final int DLQ_MAX_BYTES = 4000;

    @TempDir
    Path stateDir;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void aDeadLetterTheTopicRefusesBecomesAStubAndThePartitionMovesOn(String guarantee) throws Exception {
        String name = "toolarge-" + guarantee.replace('_', '-');
        Map<String, Object> props = TestConfigs.props(name, stateDir);
        props.put(DmzStreamConfig.PROCESSING_GUARANTEE, guarantee);
        props.put(DmzStreamConfig.SIZE_CHECK_ENABLED, false);
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        SharedKafka.get().createTopics(List.of(t.deadLetters()), 4,
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(DLQ_MAX_BYTES)));

        // an image over image.max.bytes: rejected, and its dead letter (the original bytes) exceeds the DLQ's limit
        byte[] tooLarge = serdes.images().serializer().serialize(t.images(), Images.raw("big", "mnist", 1)
                .setImage(ByteBuffer.wrap(new byte[PoisonPills.MAX_IMAGE_BYTES + 1000])).build());
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            producer.send(new ProducerRecord<>(t.images(), 1, "big".getBytes(StandardCharsets.UTF_8), tooLarge))
                    .get(60, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(t.images(), 1, "valid".getBytes(StandardCharsets.UTF_8),
                    serdes.images().serializer().serialize(t.images(),
                            Images.raw("valid", "mnist", 2, OutputKind.LABEL).build()))).get(60, TimeUnit.SECONDS);

            List<ConsumerRecord<byte[], LabelEvent>> labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(),
                    r -> !r.isEmpty(), Duration.ofSeconds(90));
            assertEquals("valid", labels.get(0).value().getId());
            List<ConsumerRecord<byte[], byte[]>> letters = KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(),
                    r -> !r.isEmpty(), Duration.ofSeconds(30));
            assertEquals(1, letters.size(), "one dead letter");
            ConsumerRecord<byte[], byte[]> stub = letters.get(0);
            assertNull(stub.value(), "the stub drops the value");
            assertEquals("big", new String(stub.key(), StandardCharsets.UTF_8));
            assertEquals("dead_letter_too_large", DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.REASON));
            assertEquals("image_too_large", DeadLetterHeaders.get(stub.headers(), "dmz.errors.original.reason"));
            assertEquals(t.images(), DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.TOPIC));
            assertEquals("1", DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.PARTITION));
            assertEquals("0", DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.OFFSET));
        }
    }
}
