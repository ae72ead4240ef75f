package io.dmzstream.topology.command;

import io.dmzstream.schemas.LatentCommand;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wraps the LatentCommand Avro serde so that the source keeps the raw bytes next to the command.
 * An undecodable command still throws from the source node, where Kafka Streams' deserialization
 * exception handler turns it into a dead letter, as it does for images.
 */
public final class ReceivedCommandSerde implements Serde<ReceivedCommand> {
    private final Serde<LatentCommand> commands;

    public ReceivedCommandSerde(Serde<LatentCommand> commands) {
        this.commands = commands;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        commands.configure(configs, isKey);
    }

    @Override
    public Serializer<ReceivedCommand> serializer() {
        Serializer<LatentCommand> inner = commands.serializer();
        return (topic, value) -> value == null ? null
                : value.bytes() != null ? value.bytes() : inner.serialize(topic, value.event());
    }

    @Override
    public Deserializer<ReceivedCommand> deserializer() {
        Deserializer<LatentCommand> inner = commands.deserializer();
        return (topic, bytes) -> bytes == null ? null : new ReceivedCommand(inner.deserialize(topic, bytes), bytes);
    }

    /** Deserializes stored bytes again (resubmission from the durable buffer). */
    public ReceivedCommand read(String topic, byte[] bytes) {
        return deserializer().deserialize(topic, bytes);
    }

    @Override
    public void close() {
        commands.close();
    }
}
