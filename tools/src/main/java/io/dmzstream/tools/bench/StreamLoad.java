package io.dmzstream.tools.bench;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.tools.load.Publisher;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's producer: image events serialized once up front (the load costs the measured
 * JVM little), sent with the send time as record timestamp and a distinct key per send, so
 * records spread over the partitions.
 */
final class StreamLoad implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile RuntimeException failure;

    StreamLoad(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CpuGroup.LOAD_PREFIX + "-producer");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Serialized image events, one per image of the source (at most {@code max}). */
    static List<byte[]> events(ImageSource images, Publisher.Request request, EventSerdes serdes, String topic,
                               int max) {
        var serializer = serdes.images().serializer();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(max, images.size()); i++) {
            ImageEvent event = Publisher.event(images.get(i), request, images.domain());
            out.add(serializer.serialize(topic, event));
        }
        return out;
    }

    /** Sends event {@code index % events.size()} to {@code topic}. */
    void send(String topic, List<byte[]> events, long index) {
        if (failure != null) {
            throw new IllegalStateException("the benchmark's producer failed: " + failure.getMessage(), failure);
        }
        byte[] key = Long.toString(index).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key,
                events.get((int) (index % events.size()))), (meta, error) -> {
                    if (error != null) {
                        failure = new IllegalStateException(error.getMessage(), error);
                    }
                });
    }

    @Override
    public void close() {
        producer.close();
    }
}
