package io.dmzstream.topology.testing;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Producing inputs and reading whole topics back (read_committed) on the shared broker. */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    public static KafkaProducer<byte[], byte[]> producer() {
        return producer(SharedKafka.get().bootstrapServers());
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        // one request in flight: on a loaded 2-core machine the in-process broker once answered a retried
        // batch of the idempotent test producer with OutOfOrderSequenceException, and the input never landed
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, ImageEvent event) {
        byte[] value = EventSerdes.withoutRegistry().images().serializer().serialize(topic, event);
        try {
            // synchronous: a test's input either lands or the test fails here, naming the record
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("input " + key + " to " + topic + " was not acknowledged", e);
        }
    }

    /** Every committed record of the topic, from the beginning. */
    public static <T> List<ConsumerRecord<byte[], T>> readAll(String topic, Deserializer<T> values) {
        return readAll(SharedKafka.get().bootstrapServers(), topic, values);
    }

    /** Every committed record of the topic on the cluster at {@code bootstrapServers}, from the beginning. */
    public static <T> List<ConsumerRecord<byte[], T>> readAll(String bootstrapServers, String topic, Deserializer<T> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], T>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], T> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                boolean caughtUp = parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (caughtUp) {
                    break;
                }
            }
        }
        return out;
    }

    /** Polls {@link #readAll} until the records satisfy {@code done}; returns the last read. */
    public static <T> List<ConsumerRecord<byte[], T>> await(String topic, Deserializer<T> values,
                                                         Predicate<List<ConsumerRecord<byte[], T>>> done,
                                                         Duration timeout) throws InterruptedException {
        return await(SharedKafka.get().bootstrapServers(), topic, values, done, timeout);
    }

    /** {@link #await(String, Deserializer, Predicate, Duration)} on the cluster at {@code bootstrapServers}. */
    public static <T> List<ConsumerRecord<byte[], T>> await(String bootstrapServers, String topic, Deserializer<T> values,
                                                         Predicate<List<ConsumerRecord<byte[], T>>> done,
                                                         Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        List<ConsumerRecord<byte[], T>> records = readAll(bootstrapServers, topic, values);
        while (!done.test(records)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out on " + topic + " with " + records.size() + " records");
            }
            Thread.sleep(200);
            records = readAll(bootstrapServers, topic, values);
        }
        return records;
    }

    /** Count of outputs per input id (from SpecificRecord field "id"). */
    public static <T extends SpecificRecord> Map<String, Integer> countById(List<ConsumerRecord<byte[], T>> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], T> r : records) {
            String id = String.valueOf(r.value().get(r.value().getSchema().getField("id").pos()));
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }
}
