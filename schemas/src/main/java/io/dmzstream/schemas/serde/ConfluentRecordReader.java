package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

/**
 * Confluent wire format reader: writer schema by id from the registry, resolved into the generated
 * class's schema. A registry outage passes through as {@link RegistryUnavailableException}.
 */
final class ConfluentRecordReader<T> implements RecordReader<T> {

    private final SchemaRegistryClient client;
    private final boolean ownsClient;
    private final CompatibleReaders<T> readers;

    ConfluentRecordReader(Class<T> type, SchemaRegistryClient client, boolean ownsClient, int cacheCapacity) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.readers = new CompatibleReaders<>(type, cacheCapacity);
    }

    @Override
    public T read(String topic, byte[] data) {
        ConfluentHeader header = ConfluentHeader.read(data);
        Schema writer;
        try {
            writer = client.getById(header.schemaId());
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault
        } catch (SchemaRegistryException e) {
            throw RegistryFailures.toSerdeException(e, "fetching writer schema id " + header.schemaId()
                + " (topic " + topic + ")");
        }
        String description = writer.getFullName() + " (schema id " + header.schemaId() + ")";
        return AvroBody.read(data, ConfluentHeader.LENGTH,
            readers.forWriter(header.schemaId(), writer, description), description);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
