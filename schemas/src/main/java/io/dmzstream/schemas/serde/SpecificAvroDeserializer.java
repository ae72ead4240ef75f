package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.Objects;

/**
 * Deserializes into a generated Avro class, resolving whatever writer schema the bytes name into
 * the class's schema (an old writer and a new reader work together). With {@code schema.registry.url}
 * configured (or a client passed in) it reads the Confluent wire format; otherwise Avro
 * single-object encoding.
 *
 * <p>Null bytes give null. Any other bytes give a record or an {@link AvroSerdeException} naming the
 * reason — never null — unless the registry cannot be used right now: then
 * {@link io.dmzstream.schemas.registry.RegistryUnavailableException}, and the same bytes will decode
 * once it is back.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final SchemaRegistryClient suppliedClient;
    private volatile RecordReader<T> reader;

    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    /** @param client registry to use instead of one built from the config; the caller keeps ownership and closes it. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        this.type = Objects.requireNonNull(type, "type");
        this.suppliedClient = client;
        this.reader = readerFor(client, false, new AvroSerdeConfig(Map.of()));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (suppliedClient == null && config.usesRegistry()) {
            configure(config, new HttpSchemaRegistryClient(config), true);
        } else {
            configure(config, suppliedClient, false);
        }
    }

    /** Used by {@link SpecificAvroSerde} to share one client between its serializer and deserializer. */
    void configure(AvroSerdeConfig config, SchemaRegistryClient client, boolean ownsClient) {
        RecordReader<T> next = readerFor(client, ownsClient, config);
        RecordReader<T> previous = reader;
        reader = next;
        previous.close();
    }

    private RecordReader<T> readerFor(SchemaRegistryClient client, boolean ownsClient, AvroSerdeConfig config) {
        return client == null ? new SingleObjectRecordReader<>(type)
            : new ConfluentRecordReader<>(type, client, ownsClient, config.getInt(AvroSerdeConfig.CACHE_CAPACITY_CONFIG));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : reader.read(topic, data);
    }

    @Override
    public void close() {
        reader.close();
    }
}
