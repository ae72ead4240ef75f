package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.Objects;

/**
 * {@link Serde} for one generated Avro class: {@link SpecificAvroSerializer} plus
 * {@link SpecificAvroDeserializer}, sharing one registry client when {@code schema.registry.url} is
 * configured. Kafka Streams does not configure serdes handed to {@code Consumed}/{@code Produced},
 * so call {@link #configure} yourself; unconfigured, it uses single-object encoding.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistryClient suppliedClient;
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** @param client registry to use instead of one built from the config; the caller keeps ownership and closes it. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
        Objects.requireNonNull(type, "type");
        this.suppliedClient = client;
        this.serializer = new SpecificAvroSerializer<>(type, client);
        this.deserializer = new SpecificAvroDeserializer<>(type, client);
    }

    @Override
    public synchronized void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient previous = ownedClient;
        SchemaRegistryClient client = suppliedClient;
        ownedClient = null;
        if (client == null && config.usesRegistry()) {
            ownedClient = new HttpSchemaRegistryClient(config);
            client = ownedClient;
        }
        serializer.configure(config, client, false, isKey);
        deserializer.configure(config, client, false);
        if (previous != null) {
            previous.close();
        }
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public synchronized void close() {
        serializer.close();
        deserializer.close();
        if (ownedClient != null) {
            ownedClient.close();
            ownedClient = null;
        }
    }
}
