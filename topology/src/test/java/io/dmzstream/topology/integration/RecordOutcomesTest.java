package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record gets an outcome on the real broker: each poison below is followed by a valid record
 * on the same partition, and that record must be served. One instance serves all cases, each case
 * on its own partition, so one stalled partition cannot hide behind another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordOutcomesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventSerdes serdes = EventSerdes.withoutRegistry();
    private DmzStreamService service;
    private KafkaProducer<byte[], byte[]> producer;
    private Topics topics;

    @BeforeAll
    void start(@TempDir Path stateDir) {
        Map<String, Object> props = TestConfigs.props("outcomes", stateDir);
        props.put(DmzStreamConfig.TOPIC_PARTITIONS, 6);
        // the case: a 120 KB domain in a record well under image.max.bytes
        props.put(DmzStreamConfig.IMAGE_MAX_BYTES, 256 * 1024);
        props.put("poison.max.failures", 2);
        DmzStreamConfig config = new DmzStreamConfig(props);
        topics = config.topics();
        service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(), FaultyModels.source());
        producer = KafkaTopics.producer();
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private void send(int partition, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topics.images(), partition, key.getBytes(StandardCharsets.UTF_8), value))
                .get(60, TimeUnit.SECONDS);
    }

    private void send(int partition, String key, ImageEvent event) throws Exception {
        send(partition, key, serdes.images().serializer().serialize(topics.images(), event));
    }

    /** Sends the poison, then a valid record on the same partition; returns the poison's dead letter once both have an outcome. */
    private ConsumerRecord<byte[], byte[]> poisonThenValid(int partition, String key, byte[] poison) throws Exception {
        send(partition, key, poison);
        String valid = "valid-after-" + key;
        send(partition, valid, Images.raw(valid, "mnist", partition, OutputKind.LABEL).build());
        List<ConsumerRecord<byte[], LabelEvent>> labels = KafkaTopics.await(topics.labels(), serdes.labels().deserializer(),
                r -> r.stream().anyMatch(l -> l.value().getId().equals(valid)), WAIT);
        assertEquals(1, labels.stream().filter(l -> l.value().getId().equals(valid)).count());
        List<ConsumerRecord<byte[], byte[]>> letters = KafkaTopics.readAll(topics.deadLetters(), new ByteArrayDeserializer())
                .stream().filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
        assertEquals(1, letters.size(), "one dead letter for " + key);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertEquals(String.valueOf(partition), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.PARTITION));
        assertEquals(topics.images(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.TOPIC));
        return letter;
    }

    private static String reason(ConsumerRecord<byte[], byte[]> letter) {
        return DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON);
    }

    private static String stage(ConsumerRecord<byte[], byte[]> letter) {
        return DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE);
    }

    @Test
    void aTombstone() throws Exception {
        ConsumerRecord<byte[], byte[]> letter = poisonThenValid(0, "tombstone", null);
        assertEquals("validation", stage(letter));
        assertEquals("null_value", reason(letter));
        assertNull(letter.value());
    }

    @Test
    void aDomainOf120KilobytesIsOneSmallDeadLetter() throws Exception {
        byte[] value = serdes.images().serializer().serialize(topics.images(),
                Images.raw("huge-domain", "d".repeat(120_000), 1).build());
        ConsumerRecord<byte[], byte[]> letter = poisonThenValid(1, "huge-domain", value);
        assertEquals("field_too_long", reason(letter));
        int headerBytes = 0;
        for (Header h : letter.headers()) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        assertTrue(headerBytes < 8 * 1024, "the headers do not repeat the domain: " + headerBytes + " bytes");
        assertEquals(value.length, letter.value().length, "the original bytes, once");
    }

    @Test
    void aRecordThatKeepsFailingWithAClientErrorIsPoison() throws Exception {
        ConsumerRecord<byte[], byte[]> letter = poisonThenValid(2, "kafka-explode", serdes.images().serializer()
                .serialize(topics.images(), Images.raw("x", "edges", 1, OutputKind.TRANSFER)
                        .setTargetDomain(FaultyModels.THROWS_KAFKA).build()));
        assertEquals("poison", stage(letter));
        assertEquals("repeated_failure", reason(letter));
        assertEquals("org.apache.kafka.common.KafkaException", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION));
    }

    @Test
    void aRecordThatKeepsKillingItsThreadIsPoison() throws Exception {
        ConsumerRecord<byte[], byte[]> letter = poisonThenValid(3, "error-explode", serdes.images().serializer()
                .serialize(topics.images(), Images.raw("x", "edges", 1, OutputKind.TRANSFER)
                        .setTargetDomain(FaultyModels.THROWS_ERROR).build()));
        assertEquals("poison", stage(letter));
        assertEquals("repeated_failure", reason(letter));
        assertEquals(StackOverflowError.class.getName(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION));
    }

    @Test
    void anUnexpectedExceptionInsideProcessing() throws Exception {
        ConsumerRecord<byte[], byte[]> letter = poisonThenValid(4, "explode", serdes.images().serializer()
                .serialize(topics.images(), Images.raw("x", "edges", 1, OutputKind.TRANSFER)
                        .setTargetDomain(FaultyModels.THROWS_UNEXPECTED).build()));
        assertEquals("processing", stage(letter));
        assertEquals("processing_error", reason(letter));
    }
}
