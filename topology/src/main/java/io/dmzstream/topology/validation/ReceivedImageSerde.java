package io.dmzstream.topology.validation;

import io.dmzstream.schemas.ImageEvent;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wraps the ImageEvent Avro serde so that the source keeps the raw bytes next to the event.
 * Deserialization failures still throw from the source node, where Kafka Streams' deserialization
 * exception handler (with its KIP-1034 dead-letter queue) takes them.
 */
public final class ReceivedImageSerde implements Serde<ReceivedImage> {
    private final Serde<ImageEvent> events;

    public ReceivedImageSerde(Serde<ImageEvent> events) {
        this.events = events;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        events.configure(configs, isKey);
    }

    @Override
    public Serializer<ReceivedImage> serializer() {
        Serializer<ImageEvent> inner = events.serializer();
        return (topic, value) -> value == null ? null
                : value.bytes() != null ? value.bytes() : inner.serialize(topic, value.event());
    }

    @Override
    public Deserializer<ReceivedImage> deserializer() {
        Deserializer<ImageEvent> inner = events.deserializer();
        return (topic, bytes) -> bytes == null ? null : new ReceivedImage(inner.deserialize(topic, bytes), bytes);
    }

    /** Deserializes stored bytes again (resubmission from the durable buffer). */
    public ReceivedImage read(String topic, byte[] bytes) {
        return deserializer().deserialize(topic, bytes);
    }

    @Override
    public void close() {
        events.close();
    }
}
