package io.dmzstream.tools.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes input records one at a time and waits for each acknowledgement, so every input either
 * landed (and is in {@link #inputs()} with its partition and offset) or the scenario fails naming it.
 */
final class InputFeed implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Input> inputs = new ArrayList<>();

    InputFeed(String bootstrapServers, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one record (value null = tombstone; partition null = by key) and records it. */
    Input send(String key, byte[] value, Set<String> outputs, Integer partition, String label) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, null,
                key.getBytes(StandardCharsets.UTF_8), value);
        try {
            RecordMetadata m = producer.send(record).get(60, TimeUnit.SECONDS);
            Input input = new Input(key, outputs, System.currentTimeMillis(), m.partition(), m.offset(), label);
            synchronized (inputs) {
                inputs.add(input);
            }
            return input;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("input " + key + " was not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + key, e);
        }
    }

    List<Input> inputs() {
        synchronized (inputs) {
            return List.copyOf(inputs);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
