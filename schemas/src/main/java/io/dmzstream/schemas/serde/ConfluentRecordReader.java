package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.SchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

/** Confluent wire format reader: writer schema by id from the registry, resolved into the generated class's schema. */
final class ConfluentRecordReader<T> implements RecordReader<T> {

    private final SchemaRegistryClient client;
    private final boolean ownsClient;
    private final CompatibleReaders<T> readers;

    ConfluentRecordReader(Class<T> type, SchemaRegistryClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.readers = new CompatibleReaders<>(type);
    }

    @Override
    public T read(String topic, byte[] data) {
        ConfluentHeader header = ConfluentHeader.read(data);
        Schema writer;
        try {
            writer = client.getById(header.schemaId());
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
