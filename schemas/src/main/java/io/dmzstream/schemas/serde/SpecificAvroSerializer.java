package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes generated Avro classes. With {@code schema.registry.url} configured (or a client
 * passed in) it writes the Confluent wire format; otherwise Avro single-object encoding, which is
 * also what an unconfigured instance does. See {@link AvroSerdeConfig} for the settings.
 *
 * <p>Null records serialize to null (tombstones). Failures throw {@link AvroSerdeException}, or
 * {@link io.dmzstream.schemas.registry.RegistryUnavailableException} while the registry cannot be
 * used (retry later).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Class<T> type;
    private final SchemaRegistryClient suppliedClient;
    private volatile RecordWriter<T> writer;

    public SpecificAvroSerializer(Class<T> type) {
        this(type, null);
    }

    /** @param client registry to use instead of one built from the config; the caller keeps ownership and closes it. */
    public SpecificAvroSerializer(Class<T> type, SchemaRegistryClient client) {
        this.type = Objects.requireNonNull(type, "type");
        this.suppliedClient = client;
        this.writer = client == null ? new SingleObjectRecordWriter<>(type) : registryWriter(new AvroSerdeConfig(Map.of()), client, false, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (suppliedClient == null && config.usesRegistry()) {
            configure(config, new HttpSchemaRegistryClient(config), true, isKey);
        } else {
            configure(config, suppliedClient, false, isKey);
        }
    }

    /** Used by {@link SpecificAvroSerde} to share one client between its serializer and deserializer. */
    void configure(AvroSerdeConfig config, SchemaRegistryClient client, boolean ownsClient, boolean isKey) {
        RecordWriter<T> next = client == null ? new SingleObjectRecordWriter<>(type) : registryWriter(config, client, ownsClient, isKey);
        RecordWriter<T> previous = writer;
        writer = next;
        previous.close();
    }

    private RecordWriter<T> registryWriter(AvroSerdeConfig config, SchemaRegistryClient client, boolean ownsClient, boolean isKey) {
        return new ConfluentRecordWriter<>(type, client, ownsClient, config, isKey, Clock.systemUTC());
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : writer.write(topic, data);
    }

    @Override
    public void close() {
        writer.close();
    }
}
